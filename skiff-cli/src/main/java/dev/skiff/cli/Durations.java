package dev.skiff.cli;

import java.time.Duration;
import java.time.Instant;

/** Human-readable durations for tables and progress lines. */
final class Durations {
  private Durations() {}

  /**
   * From {@code start} to {@code end}, or to now while {@code end} is null; empty when {@code
   * start} is null (not started).
   */
  static String between(Instant start, Instant end) {
    if (start == null) {
      return "";
    }
    return format(Duration.between(start, end == null ? Instant.now() : end));
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format("%.2fs", ms / 1000.0);
    }
    if (ms < 120_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    long s = d.toSeconds();
    return s < 7200 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
  }
}
