package dev.skiff.engine.service;

import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.launch.ArtifactLayout;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.pipeline.value.ParameterValues;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoredRun;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines: the engine's public entry point, used by the CLI and the server.
 *
 * <p>Each active run is driven by its own thread (see {@link RunDriver}); reads ({@link #get},
 * {@link #list}) come from the store, where every change lands before listeners hear of it. Call
 * {@link #recover()} once at start-up to resume the runs a previous process left unfinished. The
 * caller owns the {@link StepExecutor} and the store, and closes them after this service.
 *
 * <pre>{@code
 * try (Database db = Database.open(cfg);
 *     StepExecutor executor = new LocalProcessExecutor(...);
 *     RunService runs = new RunService(db.runs(), executor, EngineConfig.of(home))) {
 *   runs.recover();
 *   String id = runs.submit(yamlText, "p.yaml", params, RunOptions.DEFAULT);
 *   RunView done = runs.await(id, Duration.ofHours(1));
 * }
 * }</pre>
 */
public final class RunService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunService.class);

  private final RunRepository repo;
  private final EngineConfig config;
  private final Map<String, RunDriver> drivers = new ConcurrentHashMap<>();
  private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer;
  private final RunDriver.Deps deps;

  /**
   * A service over a store and an executor.
   *
   * @param repo where runs live
   * @param executor runs the container steps
   * @param config home folder, cache key function, clock
   */
  public RunService(RunRepository repo, StepExecutor executor, EngineConfig config) {
    this.repo = repo;
    this.config = config;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("skiff-run-timer").unstarted(r));
    this.deps =
        new RunDriver.Deps(
            repo,
            executor,
            new LaunchBuilder(new ArtifactLayout(config.home())),
            config,
            timer,
            listeners);
  }

  /**
   * Parses, validates and stores a run (PENDING), then starts it.
   *
   * @param pipelineText the pipeline file (kept with the run so it can be resumed)
   * @param sourceName its name, for messages
   * @param parameters pipeline parameter values (typed, e.g. from {@link
   *     ParameterValues#parseAssignments}); defaults fill the rest
   * @param options display name, profile, run-wide cache switch
   * @return the run id
   * @throws PipelineException when the file is not a valid pipeline; nothing is stored
   * @throws ParameterValueException for an unknown, mistyped or missing parameter; nothing is
   *     stored
   */
  public String submit(
      String pipelineText, String sourceName, Map<String, JsonValue> parameters, RunOptions options)
      throws PipelineException, ParameterValueException {
    Pipeline pipeline = PipelineParser.parse(pipelineText, sourceName);
    Map<String, JsonValue> bound =
        ParameterValues.bindPipelineParameters(
            pipeline.spec().root().inputDefinitions(), parameters);
    Instant now = config.clock().instant();
    String name =
        options.displayName().isEmpty()
            ? (pipeline.spec().pipelineInfo().displayName().isEmpty()
                ? pipeline.name()
                : pipeline.spec().pipelineInfo().displayName())
            : options.displayName();
    RunRecord run =
        new RunRecord(
            UUID.randomUUID().toString(),
            pipeline.name(),
            name,
            options,
            bound,
            RunState.PENDING,
            Optional.empty(),
            now,
            Optional.empty(),
            Optional.empty());
    repo.create(RunCodec.toStored(run, pipelineText));
    startDriver(
        new RunModel(run, pipeline.spec(), pipeline.platformSpec(), List.of(), config.observer()));
    return run.id();
  }

  /**
   * Resumes every unfinished run in the store: kills the process groups of attempts that were
   * running (when they still run), records them as LOST, and drives the runs again, which re-runs
   * those steps as new attempts. Finished steps keep their outputs and are not re-run.
   *
   * @return the ids of the runs resumed
   */
  public List<String> recover() {
    List<String> resumed = new ArrayList<>();
    for (String id : repo.unfinished()) {
      if (resume(id)) {
        resumed.add(id);
      }
    }
    return resumed;
  }

  /**
   * Resumes one unfinished run as {@link #recover()} does (used to cancel a run whose process died,
   * without taking over the other runs in the store).
   *
   * @return true when the run is now driven by this service
   */
  public boolean resume(String id) {
    if (drivers.containsKey(id)) {
      return true;
    }
    StoredRun stored = repo.find(id).orElse(null);
    if (stored == null || RunCodec.fromStored(stored).state().isTerminal()) {
      return false;
    }
    RunRecord run = RunCodec.fromStored(stored);
    Pipeline pipeline;
    try {
      pipeline = PipelineParser.parse(stored.spec(), "run " + id);
    } catch (PipelineException e) {
      RunRecord failed =
          run.withState(
              run.state() == RunState.RUNNING ? RunState.FAILED : RunState.CANCELED,
              "cannot resume: " + e.getMessage(),
              config.clock().instant());
      repo.updateRun(RunCodec.toStored(failed, ""));
      return false;
    }
    List<TaskRun> tasks = new ArrayList<>();
    for (TaskRun t : RunCodec.fromStored(repo.tasks(id), repo.attempts(id))) {
      Optional<Attempt> live = t.activeAttempt();
      if (live.isPresent()) {
        live.get().pid().ifPresent(pid -> StaleProcesses.kill(pid, live.get().startedAt()));
        Attempt lost =
            live.get()
                .ended(
                    AttemptState.LOST,
                    null,
                    "the engine stopped while this attempt ran",
                    config.clock().instant());
        t = t.withAttempt(lost);
        repo.saveTask(RunCodec.toStored(id, t), RunCodec.toStored(id, t.path(), lost));
      }
      tasks.add(t);
    }
    log.info("Resuming run {} ({} tasks recorded)", id, tasks.size());
    startDriver(
        new RunModel(run, pipeline.spec(), pipeline.platformSpec(), tasks, config.observer()));
    return true;
  }

  /** The run with its task tree, from the store. */
  public Optional<RunView> get(String runId) {
    return repo.find(runId)
        .map(
            r ->
                new RunView(
                    RunCodec.fromStored(r),
                    RunCodec.fromStored(repo.tasks(runId), repo.attempts(runId))));
  }

  /**
   * Runs, newest first, without their tasks.
   *
   * @param profile only this profile's runs, or null for all
   * @param limit at most this many
   */
  public List<RunRecord> list(String profile, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
    }
    return repo.list(profile, limit).stream().map(RunCodec::fromStored).toList();
  }

  /**
   * Requests a cancel: the run goes CANCELING, running steps' process groups are killed, nothing
   * new starts, and the run ends CANCELED.
   *
   * @return false when the run is unknown or already finished
   */
  public boolean cancel(String runId) {
    RunDriver d = drivers.get(runId);
    if (d == null || d.done().isDone()) {
      return false;
    }
    d.cancel();
    return true;
  }

  /** Completes with the run once it has finished (at once when it already has). */
  public CompletableFuture<RunView> completion(String runId) {
    RunDriver d = drivers.get(runId);
    CompletableFuture<?> done = d == null ? CompletableFuture.completedFuture(null) : d.done();
    return done.handle((r, e) -> get(runId).orElseThrow());
  }

  /**
   * Waits until the run has finished.
   *
   * @throws TimeoutException when it has not finished in time
   */
  public RunView await(String runId, Duration timeout)
      throws TimeoutException, InterruptedException {
    try {
      return completion(runId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * The log file of one attempt of a task.
   *
   * @param attempt 1-based; 0 means the newest
   */
  public Optional<Path> logFile(String runId, String taskPath, int attempt) {
    return repo.attempts(runId).stream()
        .filter(a -> a.path().equals(taskPath))
        .filter(a -> attempt == 0 || a.attempt() == attempt)
        .reduce((first, second) -> second)
        .map(a -> Path.of(a.logFile()));
  }

  /**
   * Subscribes to live progress of every run.
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(RunListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Whether the run is being driven by this service now. */
  public boolean isActive(String runId) {
    return drivers.containsKey(runId);
  }

  /**
   * Stops driving runs, leaving them as stored (a later {@link #recover()} resumes them). Does not
   * close the executor.
   */
  @Override
  public void close() {
    drivers.values().forEach(RunDriver::stop);
    drivers.clear();
    timer.shutdownNow();
  }

  private void startDriver(RunModel model) {
    RunDriver d = new RunDriver(model, deps);
    String id = model.run().id();
    drivers.put(id, d);
    d.done().whenComplete((r, e) -> drivers.remove(id, d));
    d.start();
  }
}
