package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Recurring runs ({@link CatalogFields#RECURRING_RUNS} lists them). Ticks are claimed with {@link
 * #claimTick}, a compare-and-set on {@code next_fire_at}: of several schedulers on one database
 * (several servers, or one restarted) exactly one claims each tick.
 */
public interface RecurringRunRepository {

  /** Stores a new recurring run. */
  void create(StoredRecurringRun recurringRun);

  Optional<StoredRecurringRun> find(String id);

  /** One page of the recurring runs within {@code scope}. */
  Page<StoredRecurringRun> list(Scope scope, ListQuery query);

  /**
   * Enables or disables it and sets its next tick (null for none), whatever the scheduler did
   * meanwhile.
   *
   * @return false when there is no such recurring run
   */
  boolean setMode(String id, String mode, Instant nextFireAt, Instant updatedAt);

  /**
   * Deletes it; the runs it made stay.
   *
   * @return false when there was none
   */
  boolean delete(String id);

  /** Enabled recurring runs whose next tick is at or before {@code now}, soonest first. */
  List<StoredRecurringRun> due(Instant now, int limit);

  /**
   * Claims a tick: moves {@code next_fire_at} from {@code due} to {@code next} (null: no more
   * ticks) and records {@code fired} as the tick fired last, only if it is still enabled and its
   * {@code next_fire_at} is still {@code due}.
   *
   * @param due the tick that was due (the stored {@code next_fire_at})
   * @param fired the tick that fires: {@code due}, or a later one when missed ticks are skipped
   * @param next the tick after it, or null
   * @return true for the one caller that claimed it
   */
  boolean claimTick(String id, Instant due, Instant fired, Instant next);

  /** How many runs made by the recurring run are not finished (PENDING, RUNNING, CANCELING). */
  int unfinishedRuns(String id);
}
