package dev.skiff.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What one load run measured.
 *
 * @param store {@code h2} or {@code postgresql}
 * @param clients concurrent submitting clients
 * @param seconds how long they submitted
 * @param accepted submissions answered 200
 * @param refused submissions answered 429 (each was retried after its Retry-After)
 * @param failed submissions answered anything else, or not at all
 * @param finished accepted runs in a final state at the end
 * @param succeeded accepted runs that SUCCEEDED
 * @param lost accepted runs missing from the store, or unfinished when the drain ended
 * @param stepsTwice steps whose process was started more than once
 * @param p50Ms median submit latency of accepted submissions
 * @param p99Ms 99th percentile of the same
 * @param peakRssMib the server's peak resident memory (VmHWM)
 * @param gcSeconds the server's total GC pause time
 * @param fullGcs the server's full (major) collections
 * @param stepsPerSecond succeeded steps over the time from the first submission to the drain's end
 * @param drainSeconds how long the backlog took to finish after submissions stopped
 * @param storeMib the store's size at the end (H2: the database file; PostgreSQL: the database)
 */
record LoadFigures(
    String store,
    int clients,
    long seconds,
    long accepted,
    long refused,
    long failed,
    long finished,
    long succeeded,
    long lost,
    long stepsTwice,
    double p50Ms,
    double p99Ms,
    long peakRssMib,
    double gcSeconds,
    long fullGcs,
    double stepsPerSecond,
    double drainSeconds,
    double storeMib) {

  /** Whether nothing accepted was lost and no step ran twice. */
  boolean correct() {
    return lost == 0 && stepsTwice == 0 && finished == accepted;
  }

  void print(PrintStream out) {
    out.println(
        String.format(
            Locale.ROOT,
            "load %s: %d clients x %ds: accepted %d, 429 %d, failed %d; finished %d (succeeded"
                + " %d), lost %d, steps run twice %d; submit p50 %.1f ms, p99 %.1f ms; peak RSS"
                + " %d MiB; GC %.2f s (%d full); %.0f steps/s; drain %.1f s; store %.1f MiB",
            store,
            clients,
            seconds,
            accepted,
            refused,
            failed,
            finished,
            succeeded,
            lost,
            stepsTwice,
            p50Ms,
            p99Ms,
            peakRssMib,
            gcSeconds,
            fullGcs,
            stepsPerSecond,
            drainSeconds,
            storeMib));
  }
}
