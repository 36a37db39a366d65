package dev.skiff.engine;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunView;
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

  final Engine engine;

  EngineHarness(Path home) {
    this(home, EngineConfig.defaults());
  }

  /** An engine built by {@link Engine#open}, as the CLI and the server build theirs. */
  EngineHarness(Path home, EngineConfig config) {
    this(home, DatabaseConfig.h2File(home), EngineSettings.of(home), config);
  }

  /** An engine on any database, with these settings. */
  EngineHarness(Path home, DatabaseConfig db, EngineSettings settings, EngineConfig config) {
    this.home = home;
    this.database = Database.open(db);
    this.engine = Engine.open(settings, database.runs(), config);
    this.executor = engine.executor();
    this.runs = engine.runs();
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

  /** What one attempt of a step wrote, read through the executor's log source. */
  String log(RunView run, String taskPath, int attempt) throws IOException {
    try (InputStream in =
        executor
            .logs()
            .open(new StepId(run.run().id(), taskPath, attempt), 0)
            .orElseThrow(() -> new AssertionError("no log of " + taskPath + " #" + attempt))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    engine.close();
    database.close();
  }
}
