package dev.skiff.engine.recurring;

import dev.skiff.store.RecurringRunRepository;
import dev.skiff.store.StoredRecurringRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the ticks of recurring runs: every {@code period} it reads the enabled recurring runs whose
 * next tick is due and fires them, on a thread of its own.
 *
 * <p>A tick fires exactly once, also with several schedulers on one database (several servers) and
 * across restarts: a scheduler fires a tick only after moving the stored {@code next_fire_at} from
 * that tick to the following one with a compare-and-set UPDATE ({@link
 * RecurringRunRepository#claimTick}); only one can win it. A tick that was claimed is not fired
 * again, even when its run cannot be created (that is logged); a scheduler that dies between
 * claiming and submitting loses that one tick rather than risk firing it twice.
 *
 * <p>After downtime, a recurring run with {@code no_catchup} false fires every missed tick (at most
 * {@value #MAX_TICKS_PER_PASS} per pass, the rest in the passes after); with {@code no_catchup}
 * true only the latest missed tick fires (as KFP does). A tick is skipped, not queued, when {@code
 * max_concurrency} of the recurring run's runs are unfinished.
 */
public final class RecurringRunScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecurringRunScheduler.class);

  /** How many ticks of one recurring run a pass fires at most (catching up after downtime). */
  public static final int MAX_TICKS_PER_PASS = 100;

  /** How many due recurring runs a pass reads at most. */
  static final int MAX_DUE_PER_PASS = 200;

  /** The default time between passes. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);

  private final RecurringRunRepository repo;
  private final TickSubmitter submitter;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean closed;

  /**
   * A scheduler, not started.
   *
   * @param repo where recurring runs are stored and their ticks claimed
   * @param submitter starts the run of a claimed tick
   * @param clock the time ticks are compared with
   */
  public RecurringRunScheduler(RecurringRunRepository repo, TickSubmitter submitter, Clock clock) {
    this.repo = Objects.requireNonNull(repo, "repo");
    this.submitter = Objects.requireNonNull(submitter, "submitter");
    this.clock = Objects.requireNonNull(clock, "clock");
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("skiff-recurring-runs").unstarted(r));
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer = t;
  }

  /**
   * Starts the passes, the first at once.
   *
   * @param period time between the end of one pass and the start of the next
   * @return this scheduler
   */
  public RecurringRunScheduler start(Duration period) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("the scheduler's period must be positive, got " + period);
    }
    timer.scheduleWithFixedDelay(this::pass, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass: fires every due tick (a failure is logged; the next pass tries again). */
  void pass() {
    try {
      List<StoredRecurringRun> due = repo.due(clock.instant(), MAX_DUE_PER_PASS);
      for (StoredRecurringRun r : due) {
        if (closed) {
          return;
        }
        fireDue(r);
      }
    } catch (RuntimeException e) {
      log.warn("Recurring runs: pass failed: {}", e.getMessage());
    }
  }

  /** Fires the due ticks of one recurring run, each claimed first. */
  private void fireDue(StoredRecurringRun r) {
    Ticks ticks;
    try {
      ticks = Ticks.of(r);
    } catch (IllegalArgumentException e) {
      log.warn("Recurring run {} cannot fire: {}", r.id(), e.getMessage());
      return;
    }
    Instant due = r.nextFireAt();
    for (int fired = 0; due != null && fired < MAX_TICKS_PER_PASS && !closed; fired++) {
      Instant now = clock.instant();
      if (due.isAfter(now)) {
        return;
      }
      Instant tick = r.noCatchup() ? ticks.latestDue(due, now) : due;
      Optional<Instant> next = ticks.after(tick);
      if (!repo.claimTick(r.id(), due, tick, next.orElse(null))) {
        return; // another scheduler fired it, or it was disabled meanwhile
      }
      fire(r, tick);
      due = next.orElse(null);
    }
  }

  private void fire(StoredRecurringRun r, Instant tick) {
    int unfinished = repo.unfinishedRuns(r.id());
    if (unfinished >= r.maxConcurrency()) {
      log.info(
          "Recurring run {} ({}): tick {} skipped, {} of its runs unfinished (max_concurrency {})",
          r.id(),
          r.displayName(),
          tick,
          unfinished,
          r.maxConcurrency());
      return;
    }
    try {
      String runId = submitter.submit(r, tick);
      log.info(
          "Recurring run {} ({}): tick {} started run {}", r.id(), r.displayName(), tick, runId);
    } catch (Exception e) {
      log.warn(
          "Recurring run {} ({}): tick {} could not start a run: {}",
          r.id(),
          r.displayName(),
          tick,
          e.getMessage());
    }
  }

  /**
   * Stops the passes, letting one under way finish the tick it claimed (never interrupting it: an
   * interrupt during the embedded database's file I/O would close the database).
   */
  @Override
  public void close() {
    closed = true;
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
