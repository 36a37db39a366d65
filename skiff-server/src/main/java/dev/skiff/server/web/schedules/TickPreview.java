package dev.skiff.server.web.schedules;

import dev.skiff.engine.recurring.Ticks;
import dev.skiff.engine.recurring.Trigger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a schedule being typed would do: its trigger as people read it and its next ticks, computed
 * by the engine's own trigger code (so the preview is what the scheduler will fire), or why it does
 * not parse.
 *
 * @param description e.g. {@code at 02:00 (UTC)}; empty when {@code error} is set
 * @param ticks the next ticks after now within the start and end, at most {@link #COUNT}
 * @param error why the input does not make a schedule, or empty
 */
public record TickPreview(String description, List<Instant> ticks, String error) {
  /** How many ticks a preview lists. */
  public static final int COUNT = 5;

  /** Copies the list. */
  public TickPreview {
    ticks = List.copyOf(ticks);
  }

  /** Whether the input does not make a schedule. */
  public boolean failed() {
    return !error.isEmpty();
  }

  /** A preview that shows only {@code error}. */
  static TickPreview invalid(String error) {
    return new TickPreview("", List.of(), error);
  }

  /**
   * The preview of a cron expression or an interval (exactly one given), bounded by optional start
   * and end times written as {@code 2026-12-05T10:00} (UTC, as the form's fields send them) or as
   * an RFC 3339 instant.
   */
  static TickPreview of(String cron, String interval, String start, String end, Instant now) {
    boolean hasCron = cron != null && !cron.isBlank();
    boolean hasInterval = interval != null && !interval.isBlank();
    if (hasCron == hasInterval) {
      return invalid("give a cron expression or an interval in seconds");
    }
    Instant from;
    Instant until;
    try {
      from = time("start", start);
      until = time("end", end);
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    if (from != null && until != null && until.isBefore(from)) {
      return invalid("the end is before the start");
    }
    Trigger trigger;
    try {
      if (hasCron) {
        trigger = Trigger.cron(cron);
      } else {
        long seconds;
        try {
          seconds = Long.parseLong(interval.strip());
        } catch (NumberFormatException e) {
          return invalid("the interval must be a whole number of seconds, got '" + interval + "'");
        }
        // a periodic schedule counts from its start, or from its creation (now)
        trigger = Trigger.every(seconds, from != null && from.isAfter(now) ? from : now);
      }
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    Ticks ticks = new Ticks(trigger, from, until);
    List<Instant> next = new ArrayList<>(COUNT);
    Optional<Instant> t = ticks.firstAfter(now);
    while (t.isPresent() && next.size() < COUNT) {
      next.add(t.get());
      t = ticks.after(t.get());
    }
    return new TickPreview(trigger.description(), next, "");
  }

  private static Instant time(String what, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String s = text.strip();
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException(
            "the " + what + " time '" + s + "' is not a date and time like 2026-12-05T10:00");
      }
    }
  }
}
