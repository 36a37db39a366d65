package dev.skiff.engine.service;

import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.launch.Importer;
import dev.skiff.engine.launch.KubernetesEnv;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.engine.schedule.Action;
import dev.skiff.engine.schedule.Decision;
import dev.skiff.engine.schedule.Definitions;
import dev.skiff.engine.schedule.InputResolver;
import dev.skiff.engine.schedule.RunScheduler;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.ExecutorSpec;
import dev.skiff.pipeline.model.ImporterSpec;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoreException;
import dev.skiff.store.StoredAttempt;
import dev.skiff.store.StoredTask;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one run: a single thread takes events (a step started or ended, a cancel, a timer),
 * applies them, then asks the {@link RunScheduler} what to do until it says nothing, applying and
 * storing each action. Every change is stored before it is told to listeners; a step's outputs and
 * its final state are one row written in one transaction.
 *
 * <p>Group commit: task and attempt changes are buffered and written in one transaction before
 * anything leaves the driver: before a process is started or killed (so a restart after kill -9
 * knows of every attempt that may be running), before the run's own state changes, before a cache
 * lookup reads the store, and before the driver waits for the next event. Listeners hear of the
 * changes after that write. A 2,000-step fan-out thus costs a few transactions per round instead of
 * four per step.
 */
final class RunDriver {
  private static final Logger log = LoggerFactory.getLogger(RunDriver.class);

  /** What the driver needs from the service. */
  record Deps(
      RunRepository repo,
      StepExecutor executor,
      LaunchBuilder launches,
      EngineConfig config,
      ScheduledExecutorService timer,
      List<RunListener> listeners) {}

  private final RunModel model;
  private final Deps deps;
  private final RunScheduler scheduler = new RunScheduler();
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final CompletableFuture<RunRecord> done = new CompletableFuture<>();
  private Instant timerAt;
  private final Set<String> dirtyTasks = new LinkedHashSet<>();
  private final Map<String, Integer> dirtyAttempts = new LinkedHashMap<>();
  private final List<TaskRun> untold = new ArrayList<>();
  private final List<Runnable> afterWrite = new ArrayList<>();

  /** Ready launches beyond the executor's window, oldest first; started as attempts end. */
  private final ArrayDeque<Action.Launch> deferred = new ArrayDeque<>();

  private final Set<String> deferredPaths = new HashSet<>();

  /** Attempts handed to the executor whose result has not come back. */
  private int inFlight;

  private volatile Thread thread;

  RunDriver(RunModel model, Deps deps) {
    this.model = model;
    this.deps = deps;
  }

  /** Starts the run's thread. */
  void start() {
    post(() -> {});
    thread = Thread.ofVirtual().name("skiff-run-" + model.run().id()).start(this::loop);
  }

  /** Completes with the final run record. */
  CompletableFuture<RunRecord> done() {
    return done;
  }

  /** Queues work for the run's thread. */
  void post(Runnable event) {
    inbox.add(event);
  }

  /** Requests a cancel; answered on the run's thread. */
  void cancel() {
    post(
        () -> {
          RunRecord r = model.run();
          Instant now = now();
          if (r.state() == RunState.PENDING) {
            setRun(r.withState(RunState.CANCELED, null, now));
          } else if (r.state() == RunState.RUNNING) {
            setRun(r.withState(RunState.CANCELING, null, now));
          }
        });
  }

  /** Stops the thread without changing the run (the engine is shutting down). */
  void stop() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  private void loop() {
    try {
      while (!model.run().state().isTerminal()) {
        Runnable event = inbox.take();
        try {
          event.run();
          for (Runnable more = inbox.poll(); more != null; more = inbox.poll()) {
            more.run();
          }
          drive();
          flush();
        } catch (StoreException e) {
          Throwable failure = e;
          if (e.isTransient()) {
            try {
              failure = flushAgain(e) ? null : e;
            } catch (RuntimeException | LinkageError | AssertionError again) {
              failure = again;
            }
          }
          if (failure != null) {
            log.error("Run {} failed inside the engine", model.run().id(), failure);
            abort("engine error: " + failure);
          }
        } catch (RuntimeException | LinkageError | AssertionError e) {
          log.error("Run {} failed inside the engine", model.run().id(), e);
          abort("engine error: " + e);
        }
      }
      done.complete(model.run());
    } catch (InterruptedException e) {
      done.completeExceptionally(new IllegalStateException("engine stopped"));
    }
  }

  /**
   * The store was busy or briefly away: keeps trying to write what is buffered (nothing has left
   * the driver unwritten), for up to two minutes.
   *
   * @return true once written; false when the store stayed unavailable
   */
  private boolean flushAgain(StoreException first) throws InterruptedException {
    log.warn("Run {}: the store is busy ({}); trying again", model.run().id(), first.getMessage());
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    long pause = 100;
    while (System.nanoTime() < deadline) {
      Thread.sleep(pause);
      pause = Math.min(pause * 2, 5_000);
      try {
        drive();
        flush();
        return true;
      } catch (StoreException e) {
        if (!e.isTransient()) {
          return false;
        }
      }
    }
    return false;
  }

  private void abort(String why) {
    RunRecord r = model.run();
    RunState end =
        switch (r.state()) {
          case PENDING, CANCELING -> RunState.CANCELED;
          case RUNNING -> RunState.FAILED;
          default -> r.state();
        };
    if (end != r.state()) {
      try {
        setRun(r.withState(end, why, now()));
      } catch (RuntimeException e) {
        log.error("Cannot record the failure of run {}", r.id(), e);
        done.completeExceptionally(e);
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drive() {
    launchDeferred();
    while (true) {
      Decision d = scheduler.decide(model.snapshot(now()));
      d.wakeAt().ifPresent(this::wakeAt);
      if (d.isEmpty()) {
        return;
      }
      boolean changed = false;
      for (Action a : d.actions()) {
        changed |= apply(a);
      }
      if (!changed) {
        return; // only launches that already wait for the executor's window
      }
      if (!afterWrite.isEmpty()) {
        flush();
      }
    }
  }

  /** Writes the buffered changes in one transaction, tells listeners, then acts outside. */
  private void flush() {
    String runId = model.run().id();
    if (!dirtyTasks.isEmpty() || !dirtyAttempts.isEmpty()) {
      List<StoredTask> tasks = new ArrayList<>(dirtyTasks.size());
      for (String path : dirtyTasks) {
        tasks.add(RunCodec.toStored(runId, model.task(path)));
      }
      List<StoredAttempt> attempts = new ArrayList<>(dirtyAttempts.size());
      for (Map.Entry<String, Integer> e : dirtyAttempts.entrySet()) {
        String path = e.getKey().substring(0, e.getKey().lastIndexOf('#'));
        for (Attempt a : model.task(path).attempts()) {
          if (a.number() == e.getValue()) {
            attempts.add(RunCodec.toStored(runId, path, a));
          }
        }
      }
      deps.repo().saveChanges(tasks, attempts);
      // Cleared only once written: a failed write is tried again with everything in it.
      dirtyTasks.clear();
      dirtyAttempts.clear();
    }
    if (!untold.isEmpty()) {
      List<TaskRun> told = List.copyOf(untold);
      untold.clear();
      told.forEach(this::tell);
    }
    if (!afterWrite.isEmpty()) {
      List<Runnable> actions = List.copyOf(afterWrite);
      afterWrite.clear();
      actions.forEach(Runnable::run);
    }
  }

  private void wakeAt(Instant at) {
    if (timerAt != null && !timerAt.isAfter(at) && timerAt.isAfter(now())) {
      return;
    }
    timerAt = at;
    long delay = Math.max(0, Duration.between(now(), at).toMillis());
    deps.timer().schedule(() -> post(() -> {}), delay + 1, TimeUnit.MILLISECONDS);
  }

  /** Applies an action; false when it changed nothing (a launch that already waits). */
  private boolean apply(Action action) {
    if (action instanceof Action.Launch l && (inFlight >= window() || !deferred.isEmpty())) {
      if (deferredPaths.add(l.path())) {
        deferred.add(l);
        return true;
      }
      return false;
    }
    applyNow(action);
    return true;
  }

  private int window() {
    return Math.max(1, deps.executor().launchWindow());
  }

  /**
   * Starts waiting launches while the window has room; ones the run no longer wants are dropped.
   */
  private void launchDeferred() {
    while (inFlight < window() && !deferred.isEmpty()) {
      Action.Launch l = deferred.poll();
      deferredPaths.remove(l.path());
      TaskRun t = model.task(l.path());
      boolean wanted =
          model.run().state() == RunState.RUNNING
              && t != null
              && t.state() == TaskState.RUNNING
              && t.activeAttempt().isEmpty()
              && t.lastAttempt().map(a -> a.number() + 1).orElse(1) == l.attempt();
      if (wanted) {
        launch(l.path(), l.attempt());
      }
    }
  }

  private void applyNow(Action action) {
    Instant now = now();
    switch (action) {
      case Action.StartRun s -> setRun(model.run().withState(RunState.RUNNING, null, now));
      case Action.FinishRun f -> setRun(model.run().withState(f.state(), f.error(), now));
      case Action.Skip s ->
          save(
              TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now)
                  .with(TaskValues.EMPTY, Optional.empty(), false, s.reason())
                  .withState(TaskState.SKIPPED, now),
              null);
      case Action.FailPending f ->
          failNew(f.path(), f.kind(), f.displayName(), f.inputs(), f.error());
      case Action.StartDag s ->
          save(
              TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now)
                  .withState(TaskState.RUNNING, now),
              null);
      case Action.StartStep s -> startStep(s, now);
      case Action.Launch l -> launch(l.path(), l.attempt());
      case Action.Finish f -> {
        TaskRun t = model.task(f.path());
        save(
            t.with(f.outputs(), t.fingerprint(), t.cached(), f.error()).withState(f.state(), now),
            null);
      }
      case Action.CancelStep c -> {
        TaskRun t = model.task(c.path());
        save(t.withState(TaskState.CANCELING, now), null);
        StepId id = new StepId(model.run().id(), c.path(), c.attempt());
        afterWrite.add(() -> deps.executor().cancel(id));
      }
    }
  }

  private void failNew(String path, TaskKind kind, String name, TaskValues inputs, String error) {
    Instant now = now();
    save(
        TaskRun.pending(path, kind, name, inputs, now)
            .with(TaskValues.EMPTY, Optional.empty(), false, error)
            .withState(TaskState.FAILED, now),
        null);
  }

  private void startStep(Action.StartStep s, Instant now) {
    Definitions.Located def = Definitions.locate(model.spec(), s.path()).orElseThrow();
    ExecutorSpec executor = model.spec().executorOf(def.component()).orElse(null);
    TaskRun pending = TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now);
    if (executor instanceof ImporterSpec importer) {
      try {
        TaskValues outputs = Importer.run(importer, s.inputs());
        save(
            pending
                .with(outputs, Optional.empty(), false, null)
                .withState(TaskState.SUCCEEDED, now),
            null);
      } catch (Importer.ImportException e) {
        failNew(s.path(), s.kind(), s.displayName(), s.inputs(), e.getMessage());
      }
      return;
    }
    if (!(executor instanceof ContainerSpec container)) {
      failNew(
          s.path(),
          s.kind(),
          s.displayName(),
          s.inputs(),
          (executor == null ? "no executor" : executor.getClass().getSimpleName())
              + " cannot run locally");
      return;
    }
    RunRecord run = model.run();
    Optional<String> fingerprint = Optional.empty();
    if (run.options().cacheEnabled() && def.task().cachingOptions().enableCache()) {
      fingerprint =
          Optional.of(
              deps.config()
                  .cacheKeys()
                  .fingerprint(def.task(), def.component(), container, s.inputs()));
      if (dirtyHas(fingerprint.get())) {
        flush(); // the lookup reads the store: it must see this run's steps that just finished
      }
      Optional<StoredTask> hit =
          deps.repo().findCached(run.options().profile(), run.pipelineName(), fingerprint.get());
      if (hit.isPresent()) {
        save(
            pending
                .with(ValuesJson.read(hit.get().outputs()), fingerprint, true, null)
                .withState(TaskState.SUCCEEDED, now),
            null);
        return;
      }
    }
    // RUNNING with no attempt: the scheduler launches attempt 1 next round.
    save(
        pending.with(TaskValues.EMPTY, fingerprint, false, null).withState(TaskState.RUNNING, now),
        null);
  }

  private void launch(String path, int attempt) {
    TaskRun t = model.task(path);
    RunRecord run = model.run();
    Definitions.Located def = Definitions.locate(model.spec(), path).orElseThrow();
    ContainerSpec container =
        (ContainerSpec) model.spec().executorOf(def.component()).orElseThrow();
    StepId id = new StepId(run.id(), path, attempt);
    StepLaunch launch;
    try {
      launch =
          deps.launches()
              .build(
                  id,
                  def.component(),
                  container,
                  t.inputs(),
                  InputResolver.runInfo(run, path, def.task()),
                  KubernetesEnv.of(
                      model.platformSpec(),
                      def.component().executorLabel().orElse(""),
                      run.resourceName() + "-" + Math.abs(path.hashCode()),
                      run.options().profile().isEmpty() ? "default" : run.options().profile()));
      LaunchBuilder.prepareDirectories(launch);
    } catch (LaunchBuilder.LaunchException | IOException e) {
      save(
          t.with(TaskValues.EMPTY, t.fingerprint(), false, e.getMessage())
              .withState(TaskState.FAILED, now()),
          null);
      return;
    }
    Attempt a = Attempt.started(attempt, launch.logFile(), now()).withRuntime(launch.runtime());
    save(t.withAttempt(a), a);
    StepLaunch ready = launch;
    inFlight++;
    // Started only once the attempt is stored (see flush).
    afterWrite.add(
        () -> {
          CompletableFuture<StepResult> result;
          try {
            result = deps.executor().start(ready, pid -> post(() -> started(id, pid)));
          } catch (RuntimeException e) {
            result =
                CompletableFuture.completedFuture(
                    new StepResult.Failed("cannot start: " + e.getMessage(), null, Duration.ZERO));
          }
          result.whenComplete(
              (r, err) ->
                  post(
                      () -> {
                        inFlight--;
                        ended(id, r, err);
                      }));
        });
  }

  private Optional<Attempt> current(StepId id) {
    TaskRun t = model.task(id.taskPath());
    if (t == null) {
      return Optional.empty();
    }
    // Attempt numbers reject late results: only the live attempt of this number counts.
    return t.activeAttempt().filter(a -> a.number() == id.attempt());
  }

  private void started(StepId id, long pid) {
    Optional<Attempt> a = current(id);
    if (a.isEmpty()) {
      return;
    }
    // Only the attempt row changes: no need to write the task again.
    TaskRun next = model.task(id.taskPath()).withAttempt(a.get().withPid(pid));
    model.put(next);
    dirtyAttempts.put(next.path() + "#" + id.attempt(), id.attempt());
    untold.add(next);
  }

  private void ended(StepId id, StepResult result, Throwable error) {
    Optional<Attempt> live = current(id);
    if (live.isEmpty()) {
      log.debug("Ignoring a late result of {}", id);
      return;
    }
    TaskRun t = model.task(id.taskPath());
    Instant now = now();
    StepResult r =
        error != null
            ? new StepResult.Failed("executor error: " + error, null, Duration.ZERO)
            : result;
    Attempt a = live.get();
    switch (r) {
      case StepResult.Succeeded s -> {
        Attempt ended = a.ended(AttemptState.SUCCEEDED, 0, null, now);
        TaskValues outputs = new TaskValues(s.outputParameters(), s.outputArtifacts());
        save(
            t.withAttempt(ended)
                .with(outputs, t.fingerprint(), false, null)
                .withState(TaskState.SUCCEEDED, now),
            ended);
      }
      case StepResult.Failed f -> {
        Attempt ended = a.ended(AttemptState.FAILED, f.exitCode(), f.message(), now);
        TaskRun next = t.withAttempt(ended);
        if (t.state() == TaskState.CANCELING) {
          next =
              next.with(TaskValues.EMPTY, t.fingerprint(), false, f.message())
                  .withState(TaskState.FAILED, now);
        }
        // While RUNNING the scheduler decides between a retry and FAILED.
        save(next, ended);
      }
      case StepResult.Canceled c -> {
        Attempt ended = a.ended(AttemptState.CANCELED, null, "canceled", now);
        save(t.withAttempt(ended).withState(TaskState.CANCELED, now), ended);
      }
      case StepResult.Unschedulable u -> {
        Attempt ended = a.ended(AttemptState.FAILED, null, u.message(), now);
        save(
            t.withAttempt(ended)
                .with(TaskValues.EMPTY, t.fingerprint(), false, u.message())
                .withState(TaskState.FAILED, now),
            ended);
      }
    }
  }

  /** Whether a buffered task has this cache fingerprint (only such a row can change a lookup). */
  private boolean dirtyHas(String fingerprint) {
    for (String path : dirtyTasks) {
      if (model.task(path).fingerprint().filter(fingerprint::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** Applies a change to the model; it is stored at the next {@link #flush}. */
  private void save(TaskRun next, Attempt attemptOrNull) {
    model.put(next);
    dirtyTasks.add(next.path());
    if (attemptOrNull != null) {
      dirtyAttempts.put(next.path() + "#" + attemptOrNull.number(), attemptOrNull.number());
    }
    untold.add(next);
  }

  private void tell(TaskRun task) {
    for (RunListener l : deps.listeners()) {
      try {
        l.taskChanged(model.run().id(), task);
      } catch (RuntimeException e) {
        log.warn("A run listener failed: {}", e.toString());
      }
    }
  }

  private void setRun(RunRecord next) {
    flush(); // a run is never recorded as finished before its tasks
    deps.repo().updateRun(RunCodec.toStored(next, ""));
    model.setRun(next); // after the write: a failed write leaves the decision to be made again
    for (RunListener l : deps.listeners()) {
      try {
        l.runChanged(next);
      } catch (RuntimeException e) {
        log.warn("A run listener failed: {}", e.toString());
      }
    }
  }

  private Instant now() {
    return deps.config().clock().instant();
  }
}
