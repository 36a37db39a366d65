package dev.skiff.cli;

import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.server.StartupException;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;

/**
 * The engine inside the CLI process, for {@code skiff run} and friends without a server: the
 * database under the Skiff home, local processes as steps.
 */
final class LocalEngine implements AutoCloseable {
  private final SkiffConfig config;
  private final Database database;
  private final LocalProcessExecutor executor;
  private final RunService runs;

  private LocalEngine(
      SkiffConfig config, Database database, LocalProcessExecutor executor, RunService runs) {
    this.config = config;
    this.database = database;
    this.executor = executor;
    this.runs = runs;
  }

  /**
   * Opens the home's database and an engine on it.
   *
   * @param allowOversubscribe run steps that ask for more than the machine has
   */
  static LocalEngine open(ConfigLoader.Overrides overrides, boolean allowOversubscribe) {
    SkiffConfig config = ConfigLoader.load(overrides, System.getenv());
    try {
      Files.createDirectories(config.home());
    } catch (IOException e) {
      throw new StartupException(
          "cannot create SKIFF_HOME " + config.home() + ": " + e.getMessage());
    }
    SkiffConfig.Database db = config.database();
    DatabaseConfig dbConfig =
        db.url() == null
            ? DatabaseConfig.h2File(config.home())
            : new DatabaseConfig(db.url(), db.user(), db.password());
    Database database;
    try {
      database = Database.open(dbConfig);
    } catch (StoreException e) {
      throw new StartupException(e.getMessage(), e);
    }
    LocalProcessExecutor executor =
        new LocalProcessExecutor(
            LocalExecutorConfig.defaults().withAllowOversubscribe(allowOversubscribe));
    RunService runs = new RunService(database.runs(), executor, EngineConfig.of(config.home()));
    return new LocalEngine(config, database, executor, runs);
  }

  SkiffConfig config() {
    return config;
  }

  RunService runs() {
    return runs;
  }

  Database database() {
    return database;
  }

  @Override
  public void close() {
    runs.close();
    executor.close();
    database.close();
  }
}
