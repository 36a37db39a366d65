package dev.skiff.engine.recurring;

import dev.skiff.store.StoredRecurringRun;
import java.time.Instant;
import java.util.Optional;

/**
 * The ticks of one recurring run: its trigger bounded by its start and end time.
 *
 * @param trigger cron or periodic
 * @param start no tick before this, or null
 * @param end no tick after this, or null
 */
public record Ticks(Trigger trigger, Instant start, Instant end) {

  /**
   * The ticks of a stored recurring run. A periodic one counts from its start time, or from its
   * creation when it has none or that is later.
   *
   * @throws IllegalArgumentException when its cron does not parse or its interval is not positive
   */
  public static Ticks of(StoredRecurringRun r) {
    Trigger trigger;
    if (r.cron() != null) {
      trigger = Trigger.cron(r.cron());
    } else {
      Instant anchor =
          r.startTime() != null && r.startTime().isAfter(r.createdAt())
              ? r.startTime()
              : r.createdAt();
      trigger = Trigger.every(r.intervalSeconds(), anchor);
    }
    return new Ticks(trigger, r.startTime(), r.endTime());
  }

  /** The first tick after {@code now} (and not before the start), if any before the end. */
  public Optional<Instant> firstAfter(Instant now) {
    Instant from = now;
    if (start != null && start.isAfter(now)) {
      // a tick exactly at the start counts
      from = start.minusNanos(1);
    }
    Optional<Instant> first = trigger.next(from);
    while (first.isPresent() && start != null && first.get().isBefore(start)) {
      first = trigger.next(first.get());
    }
    return bounded(first);
  }

  /** The tick after {@code tick}, if any before the end. */
  public Optional<Instant> after(Instant tick) {
    return bounded(trigger.next(tick));
  }

  /** The latest tick at or before {@code now}, not before {@code due} (a tick itself). */
  public Instant latestDue(Instant due, Instant now) {
    Instant latest = trigger.latestDue(due, end != null && end.isBefore(now) ? end : now);
    return latest.isBefore(due) ? due : latest;
  }

  private Optional<Instant> bounded(Optional<Instant> tick) {
    return tick.filter(t -> end == null || !t.isAfter(end));
  }
}
