package dev.skiff.engine.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs retention in the background of a server: one pass shortly after start, then one every
 * interval, on a thread of its own (off the engine's paths). A pass that stops at its limit is
 * followed at once by another while they still delete something.
 */
public final class RetentionSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

  /**
   * How long after start the first pass runs at the latest: start-up and recovery come first (a
   * shorter interval starts it sooner).
   */
  public static final Duration FIRST_PASS_AFTER = Duration.ofMinutes(1);

  private final RetentionSweeper sweeper;
  private final ScheduledThreadPoolExecutor timer;
  private volatile boolean closed;

  private RetentionSchedule(RetentionSweeper sweeper) {
    this.sweeper = sweeper;
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("skiff-retention").unstarted(r));
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer = t;
  }

  /**
   * Starts the passes: the first after {@link #FIRST_PASS_AFTER} or {@code interval}, whichever is
   * shorter.
   *
   * @param interval time between the end of one pass and the start of the next
   */
  public static RetentionSchedule start(RetentionSweeper sweeper, Duration interval) {
    Objects.requireNonNull(sweeper, "sweeper");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("retention interval must be positive, got " + interval);
    }
    RetentionSchedule s = new RetentionSchedule(sweeper);
    Duration first = interval.compareTo(FIRST_PASS_AFTER) < 0 ? interval : FIRST_PASS_AFTER;
    s.timer.scheduleWithFixedDelay(
        s::pass, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "Retention: {}, applied every {}",
        sweeper.serverWide().describe(),
        interval.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
    return s;
  }

  private void pass() {
    try {
      SweepReport r;
      do {
        r = sweeper.sweep(false, () -> closed);
        if (!r.isEmpty()) {
          log.info("Retention: {}", r.summary());
        }
        r.failures().forEach(f -> log.warn("Retention: cannot delete {}", f));
      } while (r.more() && !closed && !(r.runs().isEmpty() && r.logs().isEmpty()));
    } catch (RuntimeException e) {
      log.warn("Retention pass failed: {}", e.getMessage());
    }
  }

  /**
   * Stops the passes, letting one under way end at its next run (never interrupting it: an
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
