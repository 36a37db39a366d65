package dev.skiff.cli;

import dev.skiff.store.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A {@code skiff server} process whose embedded database gets closed under it, as H2 closes itself
 * after a fatal error: runs {@link Main#main} with the given arguments ({@code server --home DIR
 * ...}), waits until the server announces itself, then closes the database from inside the JVM (the
 * file is the server's alone) with {@code SHUTDOWN}. What the process prints and its exit status
 * are the server's own.
 */
public final class StoreClosingServerMain {
  private StoreClosingServerMain() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[2]);
    Thread.ofPlatform().daemon().start(() -> closeTheStoreOnceServing(home));
    Main.main(args);
  }

  private static void closeTheStoreOnceServing(Path home) {
    try {
      while (!Files.exists(home.resolve("server.json"))) {
        Thread.sleep(50);
      }
      Thread.sleep(500);
      DatabaseConfig db = DatabaseConfig.h2File(home, DatabaseConfig.Sharing.EXCLUSIVE);
      String password = Files.readString(db.passwordFile()).strip();
      try (Connection c = DriverManager.getConnection(db.url(), db.user(), password);
          Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException closedWithIt) {
        // the connection goes with the database
      }
      System.out.println("STORE CLOSED");
    } catch (Exception e) {
      System.out.println("cannot close the store: " + e);
    }
  }
}
