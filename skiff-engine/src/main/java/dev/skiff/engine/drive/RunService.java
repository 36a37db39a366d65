package dev.skiff.engine.drive;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.ownership.EngineIdentity;
import dev.skiff.engine.ownership.RunLeases;
import dev.skiff.engine.persist.RunCodec;
import dev.skiff.engine.quota.QuotaLedger;
import dev.skiff.engine.quota.QuotaUsage;
import dev.skiff.engine.retention.RunFootprint;
import dev.skiff.engine.retention.RunRemover;
import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunRetry;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.pipeline.value.ParameterValues;
import dev.skiff.store.Lease;
import dev.skiff.store.RunOwner;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoreException;
import dev.skiff.store.StoredRun;
import dev.skiff.store.artifact.ArtifactStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines: the engine's public entry point, used by the CLI and the server.
 *
 * <p>Each run is driven by exactly one process, which holds a lease on it in the store (see {@code
 * dev.skiff.engine.ownership}); in this process each driven run has its own thread ({@link
 * RunDriver}). At most {@link RunLimits#maxDrivenRuns()} runs are driven here at once: a run
 * submitted beyond that waits in the store (PENDING, no owner) and is claimed when a driver frees
 * up ({@link RunIntake}); past {@link RunLimits#maxPendingRuns()} waiting runs, submissions are
 * refused with {@link BacklogFullException}. Reads ({@link #get}, {@link #list}) come from the
 * store, where every change lands before listeners hear of it. A heartbeat renews this process's
 * leases, passes on cancels that other processes asked for, and — when {@link
 * EngineConfig#takeOverAbandoned()} — lets the intake take over runs whose owner died, newest
 * first, in the background.
 *
 * <p>When the store goes away (a database restart, a network cut), drivers stop after a short retry
 * without changing their runs, and their steps keep running; once the store answers again, the runs
 * are driven again and re-attached to those steps (or adopt their results). The caller owns the
 * {@link StepExecutor} and the store, and closes them after this service.
 */
public final class RunService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunService.class);

  /** How long a retry waits for the driver of a run whose end is stored to finish. */
  private static final Duration DRIVER_END_WAIT = Duration.ofSeconds(5);

  private final RunRepository repo;
  private final StepExecutor executor;
  private final EngineConfig config;
  private final RunLeases leases;
  private final Map<String, RunDriver> drivers = new ConcurrentHashMap<>();
  private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer;
  private final RunDriver.Deps deps;
  private final ArtifactStore artifacts;
  private final RunRemover remover;
  private final RunIntake intake;
  private final RunTakeover takeover;
  private final QuotaLedger quotas;
  private volatile boolean closed;
  private boolean heartbeatFailing;

  /**
   * A service over a store and an executor.
   *
   * @param repo where runs live
   * @param executor runs the container steps
   * @param artifacts names the runs' output artifacts
   * @param config cache key function, clock, leases
   */
  public RunService(
      RunRepository repo, StepExecutor executor, ArtifactStore artifacts, EngineConfig config) {
    this.repo = repo;
    this.executor = executor;
    this.artifacts = artifacts;
    this.config = config;
    this.leases = new RunLeases(EngineIdentity.forThisProcess(), config.leaseTtl(), config.clock());
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("skiff-run-timer").unstarted(r));
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.quotas = new QuotaLedger(config.quotas());
    this.deps =
        new RunDriver.Deps(
            repo,
            executor,
            new LaunchBuilder(artifacts),
            config,
            timer,
            leases::current,
            listeners,
            quotas);
    this.remover = new RunRemover(repo, executor.runFiles(), artifacts);
    this.takeover =
        new RunTakeover(repo, leases, config, listeners, this::startDriver, () -> closed);
    this.intake =
        new RunIntake(
            repo,
            leases,
            config.limits(),
            config.takeOverAbandoned(),
            new RunIntake.Claims() {
              @Override
              public boolean claimAndDrive(RunOwner seen) {
                return takeover.claimAndDrive(seen);
              }

              @Override
              public boolean resume(RunOwner held) {
                return takeover.drive(
                    held.runId(), held.cancelRequested(), "this process (its driver stopped)");
              }
            });
    long beat = config.heartbeat().toMillis();
    timer.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    intake.start();
  }

  /** This process's identity as it appears as the owner of the runs it drives. */
  public String owner() {
    return leases.me().id();
  }

  /**
   * Parses, validates and stores a run (PENDING), then starts it, within the configured {@link
   * RunLimits}: a file over {@link RunLimits#pipeline()} is refused before it is parsed.
   *
   * @see #submit(Pipeline, String, Map, RunOptions)
   */
  public String submit(
      String pipelineText, String sourceName, Map<String, JsonValue> parameters, RunOptions options)
      throws PipelineException, ParameterValueException {
    intake.checkBacklog(); // before parsing: a refusal costs nothing
    return submit(
        PipelineParser.parse(pipelineText, sourceName, config.limits().pipeline()),
        pipelineText,
        parameters,
        options);
  }

  /**
   * Refuses a submission while too many runs wait for a driver.
   *
   * @throws BacklogFullException when about {@link RunLimits#maxPendingRuns()} runs wait
   */
  public void checkBacklog() {
    intake.checkBacklog();
  }

  /** About how many runs wait in the store for a driver. */
  public long waitingRuns() {
    return intake.waitingEstimate();
  }

  /** How many runs this process drives now. */
  public int drivenRuns() {
    return intake.driven();
  }

  /**
   * Stores a run of a parsed pipeline (PENDING) and starts driving it here, or, when this process
   * drives {@link RunLimits#maxDrivenRuns()} runs already (or older runs wait), leaves it waiting
   * in the store for the next free driver.
   *
   * @param pipeline the parsed, valid pipeline
   * @param pipelineText its file (kept with the run so that any process can resume it)
   * @param parameters pipeline parameter values (typed, e.g. from {@link
   *     ParameterValues#parseAssignments}); defaults fill the rest
   * @param options display name, profile, run-wide cache switch, pipeline root
   * @return the run id
   * @throws ParameterValueException for an unknown, mistyped or missing parameter, a pipeline root
   *     the artifact store does not serve, or a display name longer than 255 characters; nothing is
   *     stored
   * @throws BacklogFullException when too many runs wait already; nothing is stored
   */
  public String submit(
      Pipeline pipeline, String pipelineText, Map<String, JsonValue> parameters, RunOptions options)
      throws ParameterValueException {
    intake.checkBacklog();
    checkDisplayName(options.displayName());
    checkAccelerators(pipeline);
    Map<String, JsonValue> bound =
        ParameterValues.bindPipelineParameters(
            pipeline.spec().root().inputDefinitions(), parameters);
    options = options.withPipelineRoot(checkedRoot(options.pipelineRoot()));
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
    boolean driveNow = !closed && intake.admitNow();
    try {
      repo.create(RunCodec.toStored(run, pipelineText), driveNow ? leases.current() : null);
    } catch (RuntimeException e) {
      if (driveNow) {
        intake.release();
      }
      throw e;
    }
    if (driveNow) {
      startDriver(
          new RunModel(
              run, pipeline.spec(), pipeline.platformSpec(), List.of(), config.observer()));
    } else {
      intake.queued(run.id());
    }
    return run.id();
  }

  /**
   * Every accelerator type the pipeline's steps name (where not a placeholder) can run with this
   * executor: a cluster without such nodes refuses the run at submit, not a step hours later.
   */
  private void checkAccelerators(Pipeline pipeline) throws ParameterValueException {
    for (var e : pipeline.spec().executors().entrySet()) {
      if (!(e.getValue() instanceof ContainerSpec c) || c.resources() == null) {
        continue;
      }
      Optional<String> type =
          c.resources().accelerator().map(a -> a.effectiveType()).filter(t -> !t.isBlank());
      if (type.isEmpty() || type.get().contains("{{")) {
        continue;
      }
      Optional<String> refusal = executor.acceleratorRefusal(type.get());
      if (refusal.isPresent()) {
        throw new ParameterValueException(
            "executor '"
                + e.getKey()
                + "' asks for accelerator "
                + type.get()
                + ": "
                + refusal.get());
      }
    }
  }

  /** The most characters of a run's display name (its column's size). */
  static final int MAX_DISPLAY_NAME = 255;

  /** A run's display name fits its column, and holds no NUL (which PostgreSQL cannot store). */
  private static void checkDisplayName(String name) throws ParameterValueException {
    if (name.length() > MAX_DISPLAY_NAME) {
      throw new ParameterValueException(
          "run display_name is "
              + name.length()
              + " characters long; the limit is "
              + MAX_DISPLAY_NAME);
    }
    if (name.indexOf('\0') >= 0) {
      throw new ParameterValueException("run display_name must not contain NUL characters");
    }
  }

  /** A run's own pipeline root as a URI the store serves; empty stays empty. */
  private String checkedRoot(String root) throws ParameterValueException {
    if (root.isEmpty()) {
      return root;
    }
    Optional<String> uri = LaunchBuilder.normalizeRoot(root).filter(artifacts::handles);
    if (uri.isEmpty()) {
      throw new ParameterValueException(
          "pipeline_root '"
              + root
              + "' is not served by this server's artifact store (its default root is "
              + artifacts.defaultRoot()
              + "); give a URI under it, another URI of the same kind, or an absolute local path");
    }
    return uri.get();
  }

  /**
   * Takes over unfinished runs whose owner is gone (its lease lapsed, or it was a process on this
   * host that died), newest first, as many as there are free drivers ({@link
   * RunLimits#maxDrivenRuns()}): attempts they left running are reclaimed by the executor (their
   * results adopted when they finished, otherwise re-run as new attempts), finished steps keep
   * their outputs. The rest stay in the store until drivers free up. A server does this by itself,
   * in the background.
   *
   * @return the ids of the runs taken over
   */
  public List<String> recover() {
    return intake.recover();
  }

  /**
   * What the running steps of a profile request now, as this engine counts them toward the
   * profile's quota (steps of every run it drives).
   */
  public QuotaUsage quotaUsage(String profile) {
    return quotas.usage(profile);
  }

  /**
   * The engine's quota ledger, for other holders of a profile's resources (notebook servers) that
   * count toward the same quota as the steps.
   */
  public QuotaLedger quotaLedger() {
    return quotas;
  }

  /** How many steps of a profile wait for its quota in this engine now. */
  public int quotaWaiting(String profile) {
    return quotas.waiting(profile);
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

  /** How many runs there are (in {@code profile}, or all when it is null). */
  public long count(String profile) {
    return repo.count(profile);
  }

  /**
   * Asks for a cancel: the run goes CANCELING, its running steps are stopped, nothing new starts,
   * and it ends CANCELED. A run driven by another process is asked through the store, and that
   * process acts on it within a heartbeat; a run whose owner is gone is taken over here to cancel
   * it. A run that waits for its first driver ends CANCELED at once.
   *
   * @return false when the run is unknown or already finished
   */
  public boolean cancel(String runId) {
    RunDriver d = drivers.get(runId);
    if (d != null && !d.isDone()) {
      d.cancel();
      return true;
    }
    if (!repo.requestCancel(runId)) {
      return false;
    }
    Optional<RunOwner> seen = repo.owner(runId);
    if (seen.isEmpty()) {
      return true;
    }
    if (seen.get().owner() == null && seen.get().leaseUntil() == null) {
      if (takeover.cancelWaiting(seen.get())) {
        intake.leftWaiting();
      }
    } else if (leases.mayTakeOver(seen.get())) {
      // Its steps may still run somewhere on this host: drive it to stop them, even over the limit.
      intake.forceAdmit();
      boolean driven = false;
      try {
        driven = takeover.claimAndDrive(seen.get());
      } finally {
        if (!driven) {
          intake.release();
        }
      }
    }
    return true;
  }

  /**
   * Retries a failed or canceled run (KFP's {@code :retry}): it goes PENDING again, tasks that
   * succeeded keep their outputs, failed and canceled ones run again (see {@link RunRetry}), and
   * this process drives it, or, when it drives {@link RunLimits#maxDrivenRuns()} runs already, it
   * waits in the store like a new run beyond the limit. The reopen is one compare-and-set in the
   * store (that also gives this process the run's lease when it drives it now), so of two
   * concurrent retries (in any processes) exactly one happens.
   *
   * @return false when the run is unknown
   * @throws RunConflictException when the run is not FAILED or CANCELED (or another process retried
   *     it first), or its pipeline no longer parses; nothing changes
   */
  public boolean retry(String runId) {
    StoredRun stored = repo.find(runId).orElse(null);
    if (stored == null) {
      return false;
    }
    RunRecord run = RunCodec.fromStored(stored);
    if (!RunRetry.allows(run.state())) {
      throw new RunConflictException(
          "run " + runId + " is " + run.state() + ": only a failed or canceled run can be retried");
    }
    awaitDriverEnd(runId);
    if (isActive(runId)) {
      throw new RunConflictException(
          "run " + runId + " is still running: only a failed or canceled run can be retried");
    }
    Pipeline pipeline;
    try {
      pipeline = PipelineParser.parse(stored.spec(), "run " + runId);
    } catch (PipelineException e) {
      throw new RunConflictException(
          "run " + runId + " cannot be retried: its pipeline no longer loads: " + e.getMessage());
    }
    List<TaskRun> tasks = RunCodec.fromStored(repo.tasks(runId), repo.attempts(runId));
    RunRetry.Plan plan = RunRetry.plan(run, tasks, config.clock().instant());
    List<TaskRun> kept = tasks.stream().filter(t -> !plan.forgotten().contains(t.path())).toList();
    RunModel model =
        new RunModel(run, pipeline.spec(), pipeline.platformSpec(), kept, config.observer());
    RunRetry.apply(model, plan);
    RunModel.Changes changes = model.drainChanges();
    boolean driveNow = !closed && intake.admitNow();
    boolean reopened = false;
    try {
      reopened =
          repo.reopen(
              RunCodec.toStored(model.run(), stored.spec()),
              stored.state(),
              driveNow ? leases.current() : null,
              changes.tasks().stream().map(t -> RunCodec.toStored(runId, t)).toList(),
              plan.forgotten());
    } finally {
      if (driveNow && !reopened) {
        intake.release();
      }
    }
    if (!reopened) {
      throw new RunConflictException("run " + runId + " was retried by someone else just now");
    }
    log.info(
        "Retrying run {}: {} task(s) run again, {} decided again",
        runId,
        plan.rerun().size(),
        plan.forgotten().size());
    if (driveNow) {
      startDriver(model);
    } else {
      intake.queued(runId);
    }
    return true;
  }

  /**
   * Completes with the run once it has finished (at once when it already has). A run driven
   * elsewhere is watched in the store.
   */
  public CompletableFuture<RunView> completion(String runId) {
    RunDriver d = drivers.get(runId);
    if (d != null) {
      return d.done().handle((r, e) -> null).thenCompose(x -> completion(runId, d));
    }
    return watch(runId);
  }

  private CompletableFuture<RunView> completion(String runId, RunDriver finished) {
    RunView v = get(runId).orElseThrow();
    if (v.run().state().isTerminal() || closed) {
      return CompletableFuture.completedFuture(v);
    }
    drivers.remove(runId, finished);
    return watch(runId); // the driver stopped early: another process drives the run now
  }

  private CompletableFuture<RunView> watch(String runId) {
    CompletableFuture<RunView> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("skiff-watch-" + runId)
        .start(
            () -> {
              try {
                while (true) {
                  Optional<RunView> v = get(runId);
                  if (v.isEmpty() || v.get().run().state().isTerminal() || closed) {
                    result.complete(v.orElse(null));
                    return;
                  }
                  RunDriver d = drivers.get(runId);
                  if (d != null) {
                    result.complete(d.done().handle((r, e) -> get(runId).orElse(null)).join());
                    return;
                  }
                  Thread.sleep(200);
                }
              } catch (InterruptedException e) {
                result.completeExceptionally(e);
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
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
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Deletes a finished run with its rows, step logs and artifacts (for the API's delete).
   *
   * @return what was freed; empty when there is no such run
   * @throws dev.skiff.engine.retention.RunNotDeletableException when the run is in progress, or
   *     other runs reuse its outputs through the cache; nothing is deleted
   * @throws java.io.UncheckedIOException when its files could not all be deleted; its rows stay
   */
  public Optional<RunFootprint> delete(String runId) {
    return remover.delete(runId);
  }

  /**
   * Deletes finished runs that go together (a profile's): reuse among them holds none back.
   *
   * @throws dev.skiff.engine.retention.RunNotDeletableException for one in progress, or reused by a
   *     run outside the set
   */
  public void deleteAll(java.util.Collection<String> runIds) {
    remover.deleteAll(runIds);
  }

  /** Where step logs are read from. */
  public LogSource logs() {
    return executor.logs();
  }

  /**
   * Subscribes to live progress of the runs this process drives.
   *
   * @return closing it unsubscribes
   */
  public AutoCloseable subscribe(RunListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Gives the driver of a run whose end is already stored the moment it takes to finish (it tells
   * its listeners after the commit), so that a retry sent as soon as the end is seen is not refused
   * as "still running".
   */
  private void awaitDriverEnd(String runId) {
    RunDriver d = drivers.get(runId);
    if (d == null) {
      return;
    }
    try {
      d.done().get(DRIVER_END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // still active, or ended abnormally: isActive decides
    }
  }

  /** Whether the run is being driven by this process now. */
  public boolean isActive(String runId) {
    RunDriver d = drivers.get(runId);
    return d != null && !d.isDone();
  }

  /**
   * Stops driving runs, leaving them as stored, and gives up their leases so that another process
   * (or this one, restarted) takes them over at once. Does not close the executor.
   */
  @Override
  public void close() {
    closed = true;
    intake.close();
    // Not shutdownNow: an interrupt during the store's file I/O would close an embedded database.
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Map.Entry<String, RunDriver> e : drivers.entrySet()) {
      e.getValue().stop();
      try {
        repo.release(e.getKey(), owner());
      } catch (StoreException ex) {
        log.debug("cannot release run {}: {}", e.getKey(), ex.getMessage());
      }
    }
    drivers.clear();
  }

  /** Starts a driver in a slot the caller took from the intake; the slot is freed when it ends. */
  private RunDriver startDriver(RunModel model) {
    RunDriver d;
    try {
      d = new RunDriver(model, deps);
    } catch (RuntimeException | Error e) {
      intake.release();
      throw e;
    }
    String id = model.run().id();
    drivers.put(id, d);
    d.done()
        .whenComplete(
            (r, e) -> {
              drivers.remove(id, d);
              intake.release();
              if (e instanceof RunDriver.StoreAwayException && !closed) {
                intake.orphaned(id);
              }
            });
    d.start();
    return d;
  }

  /**
   * Renews leases, passes on cancel requests, and lets the intake look for runs to take (abandoned
   * ones, waiting ones, and this process's own whose driver stopped while the store was away).
   */
  private void heartbeat() {
    if (closed) {
      return;
    }
    intake.tick();
    quotas.wakeWaiting(); // a quota raised since applies without waiting for a step to end
    try {
      Lease lease = leases.current();
      if (!drivers.isEmpty()) {
        repo.renew(lease);
        for (String id : repo.cancelRequests(lease.owner())) {
          RunDriver d = drivers.get(id);
          if (d != null) {
            d.cancel();
          }
        }
      }
      if (heartbeatFailing) {
        log.info("Heartbeat: the store answers again");
        heartbeatFailing = false;
      }
    } catch (StoreException e) {
      if (!heartbeatFailing) {
        log.warn("Heartbeat: {}", e.getMessage());
      }
      heartbeatFailing = true;
    } catch (RuntimeException e) {
      log.error("Heartbeat failed", e);
    }
  }
}
