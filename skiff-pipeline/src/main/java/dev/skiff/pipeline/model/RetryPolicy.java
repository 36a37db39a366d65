package dev.skiff.pipeline.model;

import java.time.Duration;

/**
 * A task's {@code retryPolicy}, with the IR defaults applied (factor 2, maximum backoff 1 hour,
 * both when unset or zero).
 *
 * @param maxRetryCount retries after the first attempt; 0 = none
 * @param backoffDuration wait before the first retry
 * @param backoffFactor multiplier applied to the wait after each retry
 * @param backoffMaxDuration cap on the wait
 */
public record RetryPolicy(
    int maxRetryCount,
    Duration backoffDuration,
    double backoffFactor,
    Duration backoffMaxDuration) {

  /** The factor used when the IR leaves it unset. */
  public static final double DEFAULT_BACKOFF_FACTOR = 2.0;

  /** The cap used when the IR leaves it unset. */
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofHours(1);

  /**
   * The wait before retry number {@code retry} (1-based): {@code backoffDuration *
   * backoffFactor^(retry-1)}, capped at {@code backoffMaxDuration}.
   */
  public Duration backoffBefore(int retry) {
    double millis = backoffDuration.toMillis() * Math.pow(backoffFactor, Math.max(0, retry - 1));
    long capped = (long) Math.min(millis, (double) backoffMaxDuration.toMillis());
    return Duration.ofMillis(Math.max(0, capped));
  }
}
