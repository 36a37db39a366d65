package dev.skiff.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How pages show times, durations, sizes and states (called from the templates). */
public final class Format {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Format() {}

  /** {@code 2026-12-05 06:05:16 UTC}; empty for null. */
  public static String when(Instant t) {
    return t == null ? "" : WHEN.format(t);
  }

  /** {@code 2026-12-05T06:05:16Z} for a {@code <time datetime>} attribute. */
  public static String iso(Instant t) {
    return t == null ? "" : t.toString();
  }

  /** How long from {@code start} to {@code end} (or now, when it has not ended): {@code 1m 05s}. */
  public static String duration(Optional<Instant> start, Optional<Instant> end) {
    if (start.isEmpty()) {
      return "";
    }
    return duration(Duration.between(start.get(), end.orElse(Instant.now())));
  }

  /** {@code 850 ms}, {@code 12.3 s}, {@code 4m 05s}, {@code 2h 03m}. */
  public static String duration(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
  }

  /** {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 GiB}. */
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
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** The CSS class of a run or task state: {@code state-succeeded}, {@code state-running}, .... */
  public static String stateClass(Object state) {
    return "state-" + String.valueOf(state).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A state as people read it: {@code Succeeded}, {@code Running}. */
  public static String stateLabel(Object state) {
    String s = String.valueOf(state).toLowerCase(Locale.ROOT).replace('_', ' ');
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
