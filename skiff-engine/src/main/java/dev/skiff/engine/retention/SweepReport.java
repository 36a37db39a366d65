package dev.skiff.engine.retention;

import dev.skiff.store.FinishedRun;
import java.util.List;

/**
 * What one retention pass deleted, or with {@code dryRun} would delete.
 *
 * @param dryRun whether nothing was deleted (the figures are what would go)
 * @param runs finished runs deleted with their rows, step files and artifacts, oldest first
 * @param logs finished runs whose step logs were deleted (the runs stay), oldest first
 * @param keptForCache runs the rules would delete but that stay because runs that stay reuse their
 *     outputs through the cache
 * @param failures one line per run that could not be handled (it is tried again next pass)
 * @param more whether the pass stopped at its limit with more to delete: run it again
 */
public record SweepReport(
    boolean dryRun,
    List<DeletedRun> runs,
    List<DeletedLogs> logs,
    List<FinishedRun> keptForCache,
    List<String> failures,
    boolean more) {

  public SweepReport {
    runs = List.copyOf(runs);
    logs = List.copyOf(logs);
    keptForCache = List.copyOf(keptForCache);
    failures = List.copyOf(failures);
  }

  /** Why a run goes. */
  public enum Reason {
    /** It finished longer ago than the run days allow. */
    AGE,
    /** Newer finished runs of its pipeline fill the runs kept per pipeline. */
    COUNT
  }

  /**
   * A run that goes.
   *
   * @param run the run
   * @param reason the rule that let it go
   * @param footprint its step files and artifacts (freed, or that would be)
   */
  public record DeletedRun(FinishedRun run, Reason reason, RunFootprint footprint) {}

  /**
   * A run whose step logs go.
   *
   * @param run the run
   * @param bytes the bytes of its step files (freed, or that would be)
   */
  public record DeletedLogs(FinishedRun run, long bytes) {}

  /** Bytes of step files of the runs that go and of the logs that go. */
  public long logBytes() {
    return runs.stream().mapToLong(r -> r.footprint().logBytes()).sum()
        + logs.stream().mapToLong(DeletedLogs::bytes).sum();
  }

  /** Bytes of artifacts of the runs that go. */
  public long artifactBytes() {
    return runs.stream().mapToLong(r -> r.footprint().artifactBytes()).sum();
  }

  /** Whether the pass found nothing to delete and nothing went wrong. */
  public boolean isEmpty() {
    return runs.isEmpty() && logs.isEmpty() && failures.isEmpty();
  }

  /**
   * One line for people, e.g. {@code deleted 12 runs (3.4 MiB of logs, 120.0 MiB of artifacts) and
   * the logs of 30 runs (5.0 MiB); kept 2 runs whose outputs kept runs reuse}.
   */
  public String summary() {
    String verb = dryRun ? "would delete " : "deleted ";
    long runLogBytes = runs.stream().mapToLong(r -> r.footprint().logBytes()).sum();
    long logsOnly = logs.stream().mapToLong(DeletedLogs::bytes).sum();
    StringBuilder b = new StringBuilder(verb);
    b.append(count(runs.size(), "run"));
    if (!runs.isEmpty()) {
      b.append(" (")
          .append(bytes(runLogBytes))
          .append(" of logs, ")
          .append(bytes(artifactBytes()))
          .append(" of artifacts)");
    }
    b.append(" and the logs of ").append(count(logs.size(), "other run"));
    if (!logs.isEmpty()) {
      b.append(" (").append(bytes(logsOnly)).append(')');
    }
    if (!keptForCache.isEmpty()) {
      b.append("; kept ")
          .append(count(keptForCache.size(), "expired run"))
          .append(" whose outputs kept runs reuse through the cache");
    }
    if (!failures.isEmpty()) {
      b.append("; ").append(count(failures.size(), "failure"));
    }
    if (more) {
      b.append("; more remain (the pass stops at ").append(RetentionSweeper.PASS_LIMIT).append(")");
    }
    return b.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Bytes as people read them: {@code 512 B}, {@code 3.4 KiB}, {@code 120.0 MiB}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
