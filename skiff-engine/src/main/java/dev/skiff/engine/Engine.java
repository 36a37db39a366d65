package dev.skiff.engine;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.store.RunRepository;
import dev.skiff.store.artifact.ArtifactStore;
import dev.skiff.store.artifact.LocalArtifactStore;

/**
 * The pipeline engine, built in one place from its settings: the executor chosen by {@link
 * EngineSettings#executor()}, the artifact store, and the {@link RunService} over them. The CLI and
 * the server both get their engine here.
 *
 * <pre>{@code
 * try (Database db = Database.open(DatabaseConfig.h2File(home));
 *     Engine engine = Engine.open(EngineSettings.of(home), db.runs())) {
 *   String id = engine.runs().submit(yamlText, "p.yaml", Map.of(), RunOptions.DEFAULT);
 *   RunView done = engine.runs().await(id, Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
  private final StepExecutor executor;
  private final ArtifactStore artifacts;
  private final RunService runs;

  private Engine(StepExecutor executor, ArtifactStore artifacts, RunService runs) {
    this.executor = executor;
    this.artifacts = artifacts;
    this.runs = runs;
  }

  /** An engine over a store, configured by {@code settings}. */
  public static Engine open(EngineSettings settings, RunRepository repo) {
    return open(settings, repo, EngineConfig.defaults());
  }

  /**
   * An engine with explicit engine internals (cache keys, clock, observer) for tests and
   * benchmarks; the settings' lease, takeover and limit values win over {@code config}'s.
   */
  public static Engine open(EngineSettings settings, RunRepository repo, EngineConfig config) {
    ArtifactStore artifacts = new LocalArtifactStore(settings.home().resolve("artifacts"));
    StepExecutor executor = executor(settings);
    RunService runs =
        new RunService(
            repo,
            executor,
            artifacts,
            config
                .withLeases(settings.leaseTtl(), settings.heartbeat())
                .withTakeOver(settings.takeOverAbandoned())
                .withLimits(settings.limits()));
    return new Engine(executor, artifacts, runs);
  }

  private static StepExecutor executor(EngineSettings settings) {
    return switch (settings.executor()) {
      case EngineSettings.LOCAL ->
          new LocalProcessExecutor(
              LocalExecutorConfig.defaults().withAllowOversubscribe(settings.allowOversubscribe()),
              settings.home());
      default -> throw new IllegalArgumentException("unknown executor " + settings.executor());
    };
  }

  /** Submits, reads and cancels runs. */
  public RunService runs() {
    return runs;
  }

  /** Runs the steps. */
  public StepExecutor executor() {
    return executor;
  }

  /** Where output artifacts live. */
  public ArtifactStore artifacts() {
    return artifacts;
  }

  /** Where step logs are read from. */
  public LogSource logs() {
    return executor.logs();
  }

  /** Stops driving runs (they stay stored and resume later), then stops the executor. */
  @Override
  public void close() {
    try {
      runs.close();
    } finally {
      executor.close();
    }
  }
}
