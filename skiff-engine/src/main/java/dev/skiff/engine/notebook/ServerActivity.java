package dev.skiff.engine.notebook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a Jupyter server says about its use, and whether that makes it idle. The decision is pure.
 *
 * @param connections open kernel connections (browser tabs, consoles)
 * @param busy some kernel is executing
 * @param lastKernelActivity the most recent kernel activity the server reports, when it has kernels
 */
record ServerActivity(int connections, boolean busy, Optional<Instant> lastKernelActivity) {

  /**
   * The outcome of one idle check.
   *
   * @param lastActivity the last activity known now
   * @param idle the server has been idle for the whole limit
   */
  record Decision(Instant lastActivity, boolean idle) {}

  /**
   * Decides from this activity: in use (a connection or a busy kernel) means active now; else the
   * last activity is the later of what was known and the kernels' own last activity (Skiff's own
   * polls do not count, as Kubeflow's culler reads kernels only).
   *
   * @param known the last activity known before (the server's start when nothing is known)
   * @param now the time of the check
   * @param limit idle this long stops the server; {@link Duration#ZERO} never does
   */
  Decision decide(Instant known, Instant now, Duration limit) {
    Instant last = known;
    if (connections > 0 || busy) {
      last = now;
    } else if (lastKernelActivity.isPresent() && lastKernelActivity.get().isAfter(last)) {
      last = lastKernelActivity.get().isAfter(now) ? now : lastKernelActivity.get();
    }
    boolean idle = !limit.isZero() && !limit.isNegative() && !last.plus(limit).isAfter(now);
    return new Decision(last, idle);
  }

  /** A duration for people: {@code 8h}, {@code 90m}, {@code 3s}. */
  static String shown(Duration d) {
    long s = d.toSeconds();
    if (s > 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s > 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
