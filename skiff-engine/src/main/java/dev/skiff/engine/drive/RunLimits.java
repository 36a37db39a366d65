package dev.skiff.engine.drive;

import dev.skiff.pipeline.ParseLimits;
import java.util.Objects;

/**
 * Bounds on what one engine takes on, so that its memory does not grow with the rate at which runs
 * are submitted.
 *
 * @param maxDrivenRuns how many runs this process drives at once (each has its run model in memory
 *     and a thread); runs beyond that wait in the store, PENDING with no owner, and are claimed
 *     oldest first as drivers free up
 * @param maxPendingRuns how many runs may wait for a driver before submissions are refused with
 *     {@link BacklogFullException} (the API's 429)
 * @param pipeline the largest pipeline file a submission may hold
 */
public record RunLimits(int maxDrivenRuns, int maxPendingRuns, ParseLimits pipeline) {

  /** Runs that may wait for a driver when nothing else is configured. */
  public static final int DEFAULT_MAX_PENDING_RUNS = 10_000;

  /** Heap a driven run is budgeted (its model, its pipeline, its writes in flight). */
  private static final long HEAP_PER_DRIVEN_RUN = 12L << 20;

  /** Checks the values. */
  public RunLimits {
    if (maxDrivenRuns < 1) {
      throw new IllegalArgumentException("maxDrivenRuns must be 1 or more, got " + maxDrivenRuns);
    }
    if (maxPendingRuns < 0) {
      throw new IllegalArgumentException("maxPendingRuns must be 0 or more, got " + maxPendingRuns);
    }
    Objects.requireNonNull(pipeline, "pipeline");
  }

  /** The defaults for this JVM: {@link #defaultMaxDrivenRuns()}, 10,000 waiting, 32 MiB files. */
  public static RunLimits defaults() {
    return new RunLimits(defaultMaxDrivenRuns(), DEFAULT_MAX_PENDING_RUNS, ParseLimits.DEFAULT);
  }

  /**
   * Runs driven at once by default: one per 12 MiB of the heap's maximum, from 16 to 512 (64 with
   * the 768 MiB heap {@code ./skiff} gives Skiff).
   */
  public static int defaultMaxDrivenRuns() {
    long heap = Runtime.getRuntime().maxMemory();
    if (heap == Long.MAX_VALUE) {
      return 64;
    }
    return (int) Math.clamp(heap / HEAP_PER_DRIVEN_RUN, 16, 512);
  }

  /** A copy that drives at most {@code n} runs at once. */
  public RunLimits withMaxDrivenRuns(int n) {
    return new RunLimits(n, maxPendingRuns, pipeline);
  }

  /** A copy that lets at most {@code n} runs wait. */
  public RunLimits withMaxPendingRuns(int n) {
    return new RunLimits(maxDrivenRuns, n, pipeline);
  }
}
