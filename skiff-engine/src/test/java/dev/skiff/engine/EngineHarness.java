package dev.skiff.engine;

import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.service.EngineConfig;
import dev.skiff.engine.service.RunService;
import dev.skiff.engine.service.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A real engine for tests: an H2 file database, real processes, a {@link RunService}. */
final class EngineHarness implements AutoCloseable {
  final Path home;
  final Database database;
  final StepExecutor executor;
  final RunService runs;

  EngineHarness(Path home) {
    this(home, EngineConfig.of(home));
  }

  EngineHarness(Path home, EngineConfig config) {
    this.home = home;
    this.database = Database.open(DatabaseConfig.h2File(home));
    this.executor = Executors.create(home);
    this.runs = new RunService(database.runs(), executor, config);
  }

  /** The text of a fixture under {@code src/test/resources/pipelines/}. */
  static String fixture(String name) {
    try (InputStream in = EngineHarness.class.getResourceAsStream("/pipelines/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Submits a fixture and waits for it to finish. */
  RunView run(String fixture, Map<String, JsonValue> params) throws Exception {
    return run(fixture, params, RunOptions.DEFAULT);
  }

  RunView run(String fixture, Map<String, JsonValue> params, RunOptions options) throws Exception {
    String id = runs.submit(fixture(fixture), fixture, params, options);
    return runs.await(id, Duration.ofSeconds(20));
  }

  @Override
  public void close() {
    runs.close();
    executor.close();
    database.close();
  }
}
