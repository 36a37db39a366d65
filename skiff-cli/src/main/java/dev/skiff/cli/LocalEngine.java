package dev.skiff.cli;

import dev.skiff.engine.Engine;
import dev.skiff.engine.drive.RunService;
import dev.skiff.server.HomePrivacy;
import dev.skiff.server.StartupException;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.PrivateFiles;
import dev.skiff.store.StoreException;
import java.io.IOException;

/**
 * The engine inside the CLI process, for {@code skiff run} and friends without a server: the
 * configured database, the engine built by {@link Engine#open} as the server builds its own. It
 * drives only the runs it submits (it never takes over runs another process left behind, except to
 * cancel one whose owner is gone).
 */
final class LocalEngine implements AutoCloseable {
  private final Database database;
  private final Engine engine;

  private LocalEngine(Database database, Engine engine) {
    this.database = database;
    this.engine = engine;
  }

  /**
   * Opens the configured database and an engine on it.
   *
   * @param allowOversubscribe run steps that ask for more than the machine has
   */
  static LocalEngine open(SkiffConfig config, boolean allowOversubscribe) {
    try {
      PrivateFiles.createDirectories(config.home());
    } catch (IOException e) {
      throw new StartupException(
          "cannot create SKIFF_HOME " + config.home() + ": " + e.getMessage());
    }
    HomePrivacy.tighten(config.home());
    Database database;
    try {
      database = Database.open(config.databaseConfig(DatabaseConfig.Sharing.SHARED));
    } catch (StoreException e) {
      throw new StartupException(e.getMessage(), e);
    }
    try {
      return new LocalEngine(
          database,
          Engine.open(
              config.engineSettings(false, allowOversubscribe),
              database.runs(),
              database.profiles()));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  RunService runs() {
    return engine.runs();
  }

  Engine engine() {
    return engine;
  }

  Database database() {
    return database;
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      database.close();
    }
  }
}
