package dev.skiff.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Human-readable durations for tables and progress lines. */
final class Durations {
  private Durations() {}

  static String between(Optional<Instant> start, Optional<Instant> end) {
    if (start.isEmpty()) {
      return "";
    }
    return format(Duration.between(start.get(), end.orElse(Instant.now())));
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
