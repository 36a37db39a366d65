package dev.skiff.engine.recurring;

import dev.skiff.store.StoredRecurringRun;
import java.time.Instant;

/** Starts the run of one claimed tick (the catalog files it like any other run). */
@FunctionalInterface
public interface TickSubmitter {

  /**
   * Creates and starts the run of {@code tick}.
   *
   * @return the new run's id
   * @throws Exception when the run cannot be created (the tick is then skipped)
   */
  String submit(StoredRecurringRun recurringRun, Instant tick) throws Exception;
}
