package dev.skiff.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Test helper run in a second JVM: opens the H2 database of a Skiff home, prints {@link #READY},
 * and holds the file until its stdin closes. Lets a test see what a second Skiff process sees.
 */
public final class H2LockHolder {

  /** Printed once the database is open. */
  static final String READY = "H2-LOCK-HOLDER-READY";

  private H2LockHolder() {}

  public static void main(String[] args) throws IOException {
    try (Database db = Database.open(DatabaseConfig.h2File(Path.of(args[0])))) {
      System.out.println(READY);
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent closes our stdin
      }
      db.ping();
    }
  }
}
