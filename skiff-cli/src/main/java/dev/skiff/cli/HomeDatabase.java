package dev.skiff.cli;

import dev.skiff.server.StartupException;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoreException;
import java.net.URI;
import java.util.Optional;

/**
 * Opens the configured database for a command that needs it directly (no server API covers it yet),
 * refusing with one line while a server holds the home's embedded database.
 */
final class HomeDatabase {
  private HomeDatabase() {}

  /**
   * Fails when a server runs on the home and the database is the home's embedded H2 file, which the
   * server opens for itself alone.
   *
   * @param what the command, for the message, e.g. {@code skiff gc}
   * @throws CommandFailure naming the server and what to do
   */
  static void refuseBesideServer(SkiffConfig config, String what) {
    if (config.database().url() != null) {
      return; // a shared database server: any number of processes may use it
    }
    Optional<URI> server = RunClients.runningServer(config.home());
    if (server.isPresent()) {
      throw new CommandFailure(
          "a Skiff server runs on this home ("
              + server.get()
              + ") and holds its database; it applies retention every "
              + config
                  .retention()
                  .interval()
                  .toString()
                  .substring(2)
                  .toLowerCase(java.util.Locale.ROOT)
              + " itself. Stop it to run '"
              + what
              + "' now");
    }
  }

  /** Opens the configured database (shared with other CLI processes on the home). */
  static Database open(SkiffConfig config, String what) {
    refuseBesideServer(config, what);
    try {
      return Database.open(config.databaseConfig(DatabaseConfig.Sharing.SHARED));
    } catch (StoreException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }
}
