package dev.skiff.engine.drive;

import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepExecutor.StepListener;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.persist.ValuesJson;
import dev.skiff.engine.quota.QuotaLedger;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.engine.schedule.Action;
import dev.skiff.engine.schedule.Decision;
import dev.skiff.engine.schedule.RunScheduler;
import dev.skiff.store.Lease;
import dev.skiff.store.LeaseLostException;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one run: a single thread takes events (a step started or ended, a cancel, a timer),
 * applies them, then asks the {@link RunScheduler} what to do until it says nothing, applying each
 * action with the {@link ActionApplier}. The round's changes are written in one transaction ({@link
 * ChangeWriter}) before anything leaves the driver: before a step is started or canceled (so a
 * restart after {@code kill -9} knows of every attempt that may be running) and before the driver
 * waits for the next event. A 2,000-step fan-out thus costs a few transactions per round instead of
 * several per step.
 *
 * <p>Failures: a busy store delays the run (its changes stay pending and are written again, for up
 * to two minutes); a store that is away (connection lost, database closed or restarting) is tried
 * again for a few seconds, then the driver stops with a {@link StoreAwayException}, leaving the run
 * as stored and its steps running (the service drives it again once the store answers); a lost
 * lease stops the driver at once (another process drives the run now); anything else, a {@link
 * StackOverflowError} included, fails the run with one line.
 */
final class RunDriver {
  private static final Logger log = LoggerFactory.getLogger(RunDriver.class);
  private static final Duration STORE_RETRY = Duration.ofMinutes(2);

  /**
   * How long a store that is away (rather than busy) is tried again before the driver stops: long
   * enough to ride out a dropped connection, short enough that a dead database does not leave
   * hundreds of drivers spinning.
   */
  private static final Duration STORE_AWAY_RETRY = Duration.ofSeconds(5);

  /**
   * The driver stopped because the store was away; the run is as stored, its steps run on, and it
   * is to be driven again once the store answers.
   */
  static final class StoreAwayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreAwayException(StoreException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * How long a change that is not urgent (a started attempt's handle) may wait for the next write.
   * Writing it at once would cost a transaction per step; after a crash within this window a later
   * engine reclaims the attempt without it (the local executor finds it in the attempt's folder).
   */
  private static final Duration LAZY_WRITE = Duration.ofMillis(200);

  /** What the driver needs from the service. */
  record Deps(
      RunRepository repo,
      StepExecutor executor,
      LaunchBuilder launches,
      EngineConfig config,
      ScheduledExecutorService timer,
      Supplier<Lease> lease,
      List<RunListener> listeners,
      QuotaLedger quotas) {}

  private final RunModel model;
  private final Deps deps;
  private final ChangeWriter writer;
  private final ActionApplier applier;
  private final RunScheduler scheduler = new RunScheduler();
  private final StepOutbox outbox;
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final CompletableFuture<RunRecord> done = new CompletableFuture<>();
  private final List<ActionApplier.Effect> effects = new ArrayList<>();
  private Instant timerAt;
  private volatile boolean stopping;
  private boolean lazyWriteDue;
  private boolean lazyWriteScheduled;

  RunDriver(RunModel model, Deps deps) {
    this.model = model;
    this.deps = deps;
    this.writer =
        new ChangeWriter(deps.repo(), deps.lease(), deps.listeners(), model.tasks().values());
    this.applier = new ActionApplier(deps.config().cacheKeys(), deps.launches(), this::cached);
    this.outbox =
        new StepOutbox(
            model,
            applier,
            this::now,
            effects,
            deps.executor().launchWindow(),
            deps.quotas(),
            this::post);
  }

  /** Starts the run's thread; attempts a previous process left running are reclaimed first. */
  void start() {
    post(this::reclaimAttempts);
    Thread.ofVirtual().name("skiff-run-" + model.run().id()).start(this::loop);
  }

  /** Completes with the final run record (exceptionally when the driver stopped before). */
  CompletableFuture<RunRecord> done() {
    return done;
  }

  /** Queues work for the run's thread. */
  void post(Runnable event) {
    inbox.add(event);
  }

  /** Requests a cancel; answered on the run's thread. */
  void cancel() {
    post(() -> applier.cancelRun(model, now()));
  }

  /**
   * Stops the thread without changing the run (the engine is shutting down). It is not interrupted:
   * an interrupt during the store's file I/O would close an embedded database; the thread ends
   * after the event at hand.
   */
  void stop() {
    stopping = true;
    post(() -> {});
  }

  /** Whether the thread is gone (run finished, or the driver stopped or lost the run). */
  boolean isDone() {
    return done.isDone();
  }

  private void loop() {
    try {
      drain();
    } finally {
      outbox.close(); // a stopped run must not hold its profile's quota or queue
    }
  }

  private void drain() {
    try {
      while (!model.run().state().isTerminal()) {
        Runnable event = inbox.take();
        if (stopping) {
          done.completeExceptionally(new IllegalStateException("engine stopped"));
          return;
        }
        try {
          event.run();
          for (Runnable more = inbox.poll(); more != null; more = inbox.poll()) {
            more.run();
          }
          drive();
          if (lazyWriteDue || model.hasUrgentChanges() || !effects.isEmpty()) {
            flush();
          } else if (model.hasChanges() && !lazyWriteScheduled) {
            lazyWriteScheduled = true;
            later(() -> post(() -> lazyWriteDue = true), LAZY_WRITE.toMillis());
          }
        } catch (LeaseLostException e) {
          lost(e);
          return;
        } catch (StoreException e) {
          if (!e.isTransient() && !e.isUnavailable()) {
            abort(e);
          } else if (!flushAgain(e)) {
            storeAway(e);
            return;
          }
        } catch (Throwable e) {
          if (stopping) {
            log.debug("Run {}: {} while the engine stops", model.run().id(), e.toString());
            done.completeExceptionally(new IllegalStateException("engine stopped"));
            return;
          }
          abort(e);
        }
      }
      done.complete(model.run());
    } catch (InterruptedException e) {
      done.completeExceptionally(new IllegalStateException("engine stopped"));
    } catch (LeaseLostException e) {
      lost(e);
    }
  }

  /**
   * The store was busy or briefly away: keeps trying to write what is pending (nothing has left the
   * driver unwritten).
   *
   * @return true once written; false when the store stayed unavailable
   */
  private boolean flushAgain(StoreException first) throws InterruptedException {
    boolean away = first.isUnavailable();
    log.warn(
        "Run {}: the store is {} ({}); trying again",
        model.run().id(),
        away ? "away" : "busy",
        first.getMessage());
    long deadline = System.nanoTime() + (away ? STORE_AWAY_RETRY : STORE_RETRY).toNanos();
    long pause = 100;
    while (System.nanoTime() < deadline && !stopping) {
      Thread.sleep(pause);
      pause = Math.min(pause * 2, 5_000);
      try {
        drive();
        flush();
        return true;
      } catch (LeaseLostException e) {
        throw e;
      } catch (StoreException e) {
        if (!e.isTransient() && !e.isUnavailable()) {
          return false;
        }
      }
    }
    return false;
  }

  /**
   * The store stayed away: stop driving without changing the run. Its steps keep running in the
   * executor (their exit status lands in their attempt folders); whoever drives the run next
   * re-attaches to them or adopts their results.
   */
  private void storeAway(StoreException e) {
    log.warn(
        "Run {}: the store stayed away ({}); stopped driving it until it answers again",
        model.run().id(),
        e.getMessage());
    done.completeExceptionally(new StoreAwayException(e));
  }

  /** An unexpected failure inside the engine ends the run with one line. */
  private void abort(Throwable failure) {
    String id = model.run().id();
    log.error("Run {} failed inside the engine", id, failure);
    String why = "engine error: " + oneLine(failure);
    effects.addAll(applier.abort(model, why, now()));
    try {
      flush();
    } catch (LeaseLostException e) {
      lost(e);
      Thread.currentThread().interrupt();
    } catch (StoreException e) {
      if (e.isTransient() || e.isUnavailable()) {
        storeAway(e); // the failure is recorded when the run is driven again
      } else {
        log.error("Cannot record the failure of run {}: {}", id, e.getMessage());
        done.completeExceptionally(e);
      }
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      log.error("Cannot record the failure of run {}", id, e);
      done.completeExceptionally(e);
      Thread.currentThread().interrupt();
    }
  }

  /** Another process holds the run now: stop, and leave its steps to that process. */
  private void lost(LeaseLostException e) {
    log.warn("{}; this process stops driving it", e.getMessage());
    for (TaskRun t : model.tasks().values()) {
      t.activeAttempt()
          .ifPresent(
              a -> deps.executor().cancel(new StepId(model.run().id(), t.path(), a.number())));
    }
    done.completeExceptionally(e);
  }

  private void drive() {
    outbox.sendWaiting();
    while (true) {
      Decision d = scheduler.decide(model.snapshot(now()));
      d.wakeAt().ifPresent(this::wakeAt);
      if (d.isEmpty()) {
        return;
      }
      for (Action a : d.actions()) {
        for (ActionApplier.Effect e : applier.apply(model, a, now())) {
          if (e instanceof ActionApplier.Effect.Start s) {
            outbox.start(s.launch()); // its attempt is recorded; it may wait in the outbox
          } else {
            effects.add(e);
          }
        }
      }
      if (!effects.isEmpty()) {
        flush(); // start steps as soon as their attempts are stored
      }
    }
  }

  /** Writes the round's changes, then carries out what waited for them. */
  void flush() {
    writer.write(model);
    lazyWriteDue = false;
    lazyWriteScheduled = false;
    if (effects.isEmpty()) {
      return;
    }
    List<ActionApplier.Effect> now = List.copyOf(effects);
    effects.clear();
    for (ActionApplier.Effect e : now) {
      switch (e) {
        case ActionApplier.Effect.Start s -> startStep(s.launch());
        case ActionApplier.Effect.Cancel c -> {
          if (outbox.drop(c.id())) {
            post(() -> applier.ended(model, c.id(), new StepResult.Canceled(Duration.ZERO), now()));
          } else {
            deps.executor().cancel(c.id());
          }
        }
      }
    }
  }

  private void startStep(StepLaunch launch) {
    StepId id = launch.id();
    outbox.handedOver(id);
    CompletableFuture<StepResult> result;
    try {
      result =
          deps.executor()
              .start(
                  launch,
                  new StepListener() {
                    @Override
                    public void started(StepHandle handle, String runtime) {
                      post(() -> RunDriver.this.started(id, handle, runtime));
                    }

                    @Override
                    public void waiting(String reason) {
                      post(() -> applier.executorWaiting(model, id, reason));
                    }
                  });
    } catch (RuntimeException e) {
      result =
          CompletableFuture.completedFuture(
              new StepResult.Failed("cannot start: " + e.getMessage(), null, Duration.ZERO));
    }
    whenEnded(id, result);
  }

  private void whenEnded(StepId id, CompletableFuture<StepResult> result) {
    result.whenComplete(
        (r, err) -> {
          outbox.ended(id); // here, not on the run's thread: the driver may have stopped
          post(
              () -> {
                outbox.returned();
                StepResult res =
                    err != null
                        ? new StepResult.Failed("executor error: " + err, null, Duration.ZERO)
                        : r;
                applier.ended(model, id, res, now());
              });
        });
  }

  private void started(StepId id, StepHandle handle, String runtime) {
    applier.started(model, id, handle, runtime);
  }

  /** Hands the executor the attempts that were running when the run was last driven. */
  private void reclaimAttempts() {
    for (TaskRun t : List.copyOf(model.tasks().values())) {
      Optional<Attempt> live = t.activeAttempt();
      if (live.isEmpty()) {
        continue;
      }
      StepId id = new StepId(model.run().id(), t.path(), live.get().number());
      outbox.reclaiming();
      CompletableFuture<StepResult> result;
      try {
        StepLaunch launch = applier.launchOf(model, t.path(), live.get().number());
        outbox.reclaimed(launch);
        result = deps.executor().reclaim(launch, live.get().handle().map(StepHandle::new));
      } catch (LaunchBuilder.LaunchException | RuntimeException e) {
        result = CompletableFuture.completedFuture(new StepResult.Lost(e.getMessage()));
      }
      whenEnded(id, result);
    }
  }

  private void wakeAt(Instant at) {
    if (timerAt != null && !timerAt.isAfter(at) && timerAt.isAfter(now())) {
      return;
    }
    timerAt = at;
    long delay = Math.max(0, Duration.between(now(), at).toMillis());
    later(() -> post(() -> {}), delay + 1);
  }

  /** Runs {@code task} on the timer; nothing when the engine is closing (it no longer drives). */
  private void later(Runnable task, long delayMs) {
    try {
      deps.timer().schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      stopping = true; // the service closed its timer: stop at the next event
    }
  }

  /**
   * The cache lookup. A step of this run that succeeded with the same fingerprint but is not
   * written yet answers from memory (once written, the store would answer with it); otherwise the
   * store answers. Nothing is flushed for it: this run's cache hits change no cache entry.
   */
  private Optional<TaskValues> cached(RunRecord run, String fingerprint) {
    Optional<TaskRun> unwritten =
        model.changedCacheSource(fingerprint).or(() -> writer.pendingCacheSource(fingerprint));
    if (unwritten.isPresent()) {
      return Optional.of(unwritten.get().outputs());
    }
    return deps.repo()
        .findCached(run.options().profile(), run.pipelineName(), fingerprint)
        .map(t -> ValuesJson.read(t.outputs()));
  }

  private Instant now() {
    return deps.config().clock().instant();
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    text = text.strip().replaceAll("\\s*\\R\\s*", " ");
    return text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
