package dev.skiff.engine;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.executor.local.MachineReservations;
import dev.skiff.engine.executor.local.notebook.LocalNotebookLauncher;
import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.notebook.NotebookCredentials;
import dev.skiff.engine.notebook.NotebookService;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.quota.QuotaSource;
import dev.skiff.engine.retention.RetentionPolicy;
import dev.skiff.engine.retention.RetentionSweeper;
import dev.skiff.engine.retention.RunRemover;
import dev.skiff.store.ProfileRepository;
import dev.skiff.store.RetentionRepository;
import dev.skiff.store.RunRepository;
import dev.skiff.store.artifact.ArtifactStore;
import dev.skiff.store.notebook.NotebookRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The pipeline engine, built in one place from its settings: the executor chosen by {@link
 * EngineSettings#executor()}, the artifact store chosen by {@link EngineSettings#artifacts()}, and
 * the {@link RunService} over them. The CLI and the server both get their engine here.
 *
 * <pre>{@code
 * try (Database db = Database.open(DatabaseConfig.h2File(home));
 *     Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles())) {
 *   String id = engine.runs().submit(yamlText, "p.yaml", Map.of(), RunOptions.DEFAULT);
 *   RunView done = engine.runs().await(id, Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
  /**
   * How long a profile's quota is kept before it is read again: an administrator's change applies
   * within this time, without a restart.
   */
  public static final Duration QUOTA_CACHE = Duration.ofSeconds(5);

  private final StepExecutor executor;
  private final ArtifactStore artifacts;
  private final RunService runs;
  private final RunRepository repo;
  private final java.nio.file.Path home;
  private volatile NotebookService notebooks;

  private Engine(
      StepExecutor executor,
      ArtifactStore artifacts,
      RunService runs,
      RunRepository repo,
      java.nio.file.Path home) {
    this.executor = executor;
    this.artifacts = artifacts;
    this.runs = runs;
    this.repo = repo;
    this.home = home;
  }

  /**
   * An engine over a store, configured by {@code settings}, that holds each profile's steps to the
   * quota stored with the profile (read again after {@link #QUOTA_CACHE}).
   */
  public static Engine open(
      EngineSettings settings, RunRepository repo, ProfileRepository profiles) {
    return open(settings, repo, profiles, EngineConfig.defaults());
  }

  /**
   * An engine with profile quotas and explicit engine internals (see {@link #open(EngineSettings,
   * RunRepository, EngineConfig)}); the quotas of {@code profiles} win over {@code config}'s.
   */
  public static Engine open(
      EngineSettings settings,
      RunRepository repo,
      ProfileRepository profiles,
      EngineConfig config) {
    return open(
        settings,
        repo,
        config.withQuotas(QuotaSource.cached(profiles, QUOTA_CACHE, Clock.systemUTC())));
  }

  /**
   * An engine with profile quotas whose executor is built by {@code executors} (see {@link
   * #open(EngineSettings, RunRepository, EngineConfig, Function)}).
   */
  public static Engine open(
      EngineSettings settings,
      RunRepository repo,
      ProfileRepository profiles,
      Function<ArtifactStore, StepExecutor> executors) {
    return open(
        settings,
        repo,
        EngineConfig.defaults()
            .withQuotas(QuotaSource.cached(profiles, QUOTA_CACHE, Clock.systemUTC())),
        executors);
  }

  /**
   * An engine over a store, configured by {@code settings}, without profile quotas (tools and tests
   * that run steps for no profile).
   */
  public static Engine open(EngineSettings settings, RunRepository repo) {
    return open(settings, repo, EngineConfig.defaults());
  }

  /**
   * An engine with explicit engine internals (cache keys, clock, observer, quotas) for tests and
   * benchmarks; the settings' lease, takeover and limit values win over {@code config}'s.
   */
  public static Engine open(EngineSettings settings, RunRepository repo, EngineConfig config) {
    return open(settings, repo, config, artifacts -> executor(settings, artifacts));
  }

  /**
   * An engine whose executor is built by {@code executors} from the engine's artifact store: the
   * composition root's way to run steps elsewhere than in local processes (the Kubernetes executor
   * lives in a module above this one).
   */
  public static Engine open(
      EngineSettings settings,
      RunRepository repo,
      EngineConfig config,
      Function<ArtifactStore, StepExecutor> executors) {
    ArtifactStore artifacts = settings.artifacts().open(settings.home());
    StepExecutor executor = executors.apply(artifacts);
    RunService runs =
        new RunService(
            repo,
            executor,
            artifacts,
            config
                .withLeases(settings.leaseTtl(), settings.heartbeat())
                .withTakeOver(settings.takeOverAbandoned())
                .withLimits(settings.limits()));
    return new Engine(executor, artifacts, runs, repo, settings.home());
  }

  private static StepExecutor executor(EngineSettings settings, ArtifactStore artifacts) {
    return switch (settings.executor()) {
      case EngineSettings.LOCAL ->
          new LocalProcessExecutor(
              LocalExecutorConfig.defaults().withAllowOversubscribe(settings.allowOversubscribe()),
              settings.home(),
              artifacts);
      case EngineSettings.KUBERNETES ->
          throw new IllegalArgumentException(
              "the kubernetes executor is built by the server, which passes it to Engine.open");
      default -> throw new IllegalArgumentException("unknown executor " + settings.executor());
    };
  }

  /**
   * Starts the notebook servers' service over this engine: their CPU, memory and GPUs count toward
   * the same profile quotas as the steps (the engine's quota ledger) and come from the same machine
   * pool as the local executor's steps. Servers a previous process left running are found again.
   * One service per engine: a second call returns the first. {@link #close} closes it, leaving its
   * servers running.
   *
   * @param settings the {@code notebooks.*} configuration
   * @param store the notebooks' rows ({@code database.notebooks()})
   * @param credentials gives each server its {@code KF_PIPELINES_*} credentials
   * @throws IllegalStateException when the executor is not the local one (no other launcher yet)
   */
  public synchronized NotebookService notebooks(
      NotebookSettings settings, NotebookRepository store, NotebookCredentials credentials) {
    if (notebooks != null) {
      return notebooks;
    }
    if (!(executor instanceof MachineReservations machine)) {
      throw new IllegalStateException(
          "notebook servers need the local executor or a launcher; this engine runs "
              + executor.getClass());
    }
    return notebooks(settings, store, credentials, new LocalNotebookLauncher(machine));
  }

  /**
   * As {@link #notebooks(NotebookSettings, NotebookRepository, NotebookCredentials)}, with servers
   * started by {@code launcher} (e.g. as Kubernetes {@code Notebook} resources). One service per
   * engine: a second call returns the first and leaves {@code launcher} unused.
   */
  public synchronized NotebookService notebooks(
      NotebookSettings settings,
      NotebookRepository store,
      NotebookCredentials credentials,
      NotebookLauncher launcher) {
    if (notebooks != null) {
      return notebooks;
    }
    notebooks =
        new NotebookService(
                settings, store, launcher, runs.quotaLedger(), credentials, home, Clock.systemUTC())
            .start();
    return notebooks;
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

  /**
   * Retention over this engine's runs: their rows, the executor's files of them and their
   * artifacts.
   *
   * @param serverWide what applies where a profile has no override
   * @param store finished runs by age and rank, and the per-profile overrides
   */
  public RetentionSweeper retention(RetentionPolicy serverWide, RetentionRepository store) {
    return new RetentionSweeper(
        serverWide,
        store,
        repo,
        new RunRemover(repo, executor.runFiles(), artifacts),
        Clock.systemUTC());
  }

  /**
   * Stops driving runs (they stay stored and resume later), then stops the executor and closes the
   * artifact store.
   */
  @Override
  public void close() {
    NotebookService n = notebooks;
    if (n != null) {
      n.close(); // the servers keep running; the next engine finds them again
    }
    try {
      runs.close();
    } finally {
      try {
        executor.close();
      } finally {
        artifacts.close();
      }
    }
  }
}
