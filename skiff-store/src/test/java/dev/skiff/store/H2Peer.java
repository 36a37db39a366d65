package dev.skiff.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.h2.engine.SessionRemote;
import org.h2.jdbc.JdbcConnection;

/**
 * Test helper run in a second JVM: opens the H2 database of a Skiff home, prints {@link #READY} and
 * then answers one line per command read from stdin, until stdin closes (then it closes the
 * database and exits). Lets a test see what a second Skiff process sees and does.
 *
 * <p>Arguments: the home, and {@code SHARED} or {@code EXCLUSIVE}. Commands: {@code put NAME}
 * creates a profile and answers {@code put NAME}; {@code has NAME} answers {@code has NAME
 * true|false}; {@code remote} answers {@code remote true|false}, whether this process uses the file
 * through another process's server.
 */
public final class H2Peer {

  /** Printed once the database is open. */
  static final String READY = "H2-PEER-READY";

  private H2Peer() {}

  public static void main(String[] args) throws Exception {
    DatabaseConfig config =
        DatabaseConfig.h2File(Path.of(args[0]), DatabaseConfig.Sharing.valueOf(args[1]));
    try (Database db = Database.open(config)) {
      System.out.println(READY);
      System.out.flush();
      var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        String[] command = line.split(" ", 2);
        String answer =
            switch (command[0]) {
              case "put" -> {
                db.profiles().create(Profile.of(command[1], "peer", ""));
                yield line;
              }
              case "has" -> line + " " + db.profiles().find(command[1]).isPresent();
              case "remote" -> line + " " + servedByAnotherProcess(db);
              default -> "unknown command " + line;
            };
        System.out.println(answer);
        System.out.flush();
      }
    }
  }

  /** Whether a connection of {@code db} goes to another process's H2 server. */
  static boolean servedByAnotherProcess(Database db) throws java.sql.SQLException {
    return db.jdbi()
        .withHandle(
            h ->
                h.getConnection().unwrap(JdbcConnection.class).getSession()
                    instanceof SessionRemote);
  }
}
