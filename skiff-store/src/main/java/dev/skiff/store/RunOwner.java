package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Who drives an unfinished run, as stored.
 *
 * @param runId the run
 * @param owner the process holding its lease, or null when nobody has ever held it or it was
 *     released
 * @param leaseUntil when that lease lapses, or null
 * @param cancelRequested whether someone asked for it to be canceled
 * @param state its state
 * @param createdAt when it was submitted
 */
public record RunOwner(
    String runId,
    String owner,
    Instant leaseUntil,
    boolean cancelRequested,
    String state,
    Instant createdAt) {
  public RunOwner {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(state, "state");
  }

  /** Whether the lease has lapsed at {@code now} (or there is none). */
  public boolean expired(Instant now) {
    return owner == null || leaseUntil == null || !leaseUntil.isAfter(now);
  }
}
