package dev.skiff.engine.drive;

import java.time.Duration;

/**
 * A submission was refused because too many runs already wait for a driver ({@link
 * RunLimits#maxPendingRuns()}); nothing was stored. Submitting again after {@link #retryAfter()}
 * may succeed.
 */
public final class BacklogFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long waiting;
  private final int limit;
  private final transient Duration retryAfter;

  BacklogFullException(long waiting, int limit, Duration retryAfter) {
    super(
        waiting
            + " runs wait for a driver (the limit is "
            + limit
            + "); submit again in "
            + retryAfter.toSeconds()
            + "s");
    this.waiting = waiting;
    this.limit = limit;
    this.retryAfter = retryAfter;
  }

  /** How many runs waited when this submission came. */
  public long waiting() {
    return waiting;
  }

  /** The limit on waiting runs. */
  public int limit() {
    return limit;
  }

  /** When trying again makes sense: about when the backlog will have shrunk below the limit. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
