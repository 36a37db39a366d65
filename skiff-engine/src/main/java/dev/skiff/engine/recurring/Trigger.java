package dev.skiff.engine.recurring;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * When a recurring run fires: the ticks of a cron expression or of a fixed interval, in UTC. Each
 * tick is a whole second.
 */
public sealed interface Trigger {

  /**
   * The first tick strictly after {@code after}.
   *
   * @return the tick, or empty when there is none
   */
  Optional<Instant> next(Instant after);

  /**
   * The latest tick at or before {@code now}, if it is not before {@code from} (itself a tick).
   *
   * @return that tick, or {@code from} when no later one is due
   */
  Instant latestDue(Instant from, Instant now);

  /**
   * The trigger as people read it, e.g. {@code at 02:00 (UTC)} or {@code every 15 minutes}: for
   * previews, not for parsing back.
   */
  String description();

  /**
   * A cron trigger. Six fields are KFP's form (seconds first, as robfig/cron reads it); five are
   * the UNIX form (minutes first). Day of week 0 or 7 is Sunday; {@code ?} is accepted for day of
   * month or day of week; macros such as {@code @hourly} are accepted.
   *
   * @throws IllegalArgumentException naming what does not parse
   */
  static Trigger cron(String expression) {
    return Cron6.parse(expression);
  }

  /**
   * A periodic trigger: ticks at {@code anchor + k * intervalSeconds}, k = 1, 2, ... (as KFP's
   * periodic schedule counts from its start).
   *
   * @throws IllegalArgumentException for an interval that is not positive
   */
  static Trigger every(long intervalSeconds, Instant anchor) {
    return new Periodic(intervalSeconds, anchor);
  }

  /** A cron expression's ticks. */
  record Cron6(String expression, Cron cron, ExecutionTime times) implements Trigger {
    private static final CronDefinition WITH_SECONDS =
        CronDefinitionBuilder.defineCron()
            .withSeconds()
            .and()
            .withMinutes()
            .and()
            .withHours()
            .and()
            .withDayOfMonth()
            .supportsL()
            .supportsW()
            .supportsQuestionMark()
            .and()
            .withMonth()
            .and()
            .withDayOfWeek()
            .withValidRange(0, 7)
            .withMondayDoWValue(1)
            .withIntMapping(7, 0)
            .supportsL()
            .supportsHash()
            .supportsQuestionMark()
            .and()
            .withSupportedNicknameHourly()
            .withSupportedNicknameDaily()
            .withSupportedNicknameMidnight()
            .withSupportedNicknameWeekly()
            .withSupportedNicknameMonthly()
            .withSupportedNicknameYearly()
            .withSupportedNicknameAnnually()
            .instance();
    private static final CronParser SIX = new CronParser(WITH_SECONDS);
    private static final CronParser FIVE =
        new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    static Cron6 parse(String expression) {
      String text = expression == null ? "" : expression.strip();
      if (text.isEmpty()) {
        throw new IllegalArgumentException("the cron expression is empty");
      }
      int fields = text.startsWith("@") ? 6 : text.split("\\s+").length;
      if (fields != 5 && fields != 6) {
        throw new IllegalArgumentException(
            "cron '"
                + text
                + "' has "
                + fields
                + " fields; give 6 (second minute hour day-of-month month day-of-week)"
                + " or 5 (minute hour day-of-month month day-of-week)");
      }
      try {
        Cron cron = (fields == 6 ? SIX : FIVE).parse(text);
        cron.validate();
        return new Cron6(text, cron, ExecutionTime.forCron(cron));
      } catch (IllegalArgumentException e) {
        String why = e.getMessage() == null ? "invalid" : e.getMessage().strip();
        throw new IllegalArgumentException(
            "cron '" + text + "' does not parse: " + why.replace('\n', ' '), e);
      }
    }

    @Override
    public String description() {
      String text;
      try {
        text = CronDescriptor.instance(Locale.UK).describe(cron);
      } catch (RuntimeException e) {
        // the descriptor does not cover every form the parser takes: the expression itself then
        text = "on the schedule " + expression;
      }
      return readable(text) + " (UTC)";
    }

    /**
     * Smooths cron-utils' English where it reads oddly: {@code at 02:00} (daily) as {@code every
     * day at 02:00}, {@code at Monday day} as {@code on Mondays}, {@code at 1 day} as {@code on day
     * 1 of the month}.
     */
    static String readable(String described) {
      String s = described.strip();
      if (s.matches("at \\d\\d:\\d\\d(:\\d\\d)?")) {
        return "every day " + s;
      }
      return s.replaceAll(" at ((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day) day", " on $1s")
          .replaceAll(" at (\\d{1,2}) day", " on day $1 of the month");
    }

    @Override
    public Optional<Instant> next(Instant after) {
      return times
          .nextExecution(after.atZone(ZoneOffset.UTC))
          .map(ZonedDateTime::toInstant)
          .map(i -> i.truncatedTo(ChronoUnit.SECONDS));
    }

    @Override
    public Instant latestDue(Instant from, Instant now) {
      if (!now.isAfter(from)) {
        return from;
      }
      Instant latest =
          times
              .lastExecution(now.atZone(ZoneOffset.UTC))
              .map(ZonedDateTime::toInstant)
              .orElse(from);
      // lastExecution is strictly before now: a tick exactly at now is the one after it
      Optional<Instant> after = next(latest);
      if (after.isPresent() && !after.get().isAfter(now)) {
        latest = after.get();
      }
      return latest.isAfter(from) ? latest : from;
    }
  }

  /** Ticks at a fixed interval from an anchor. */
  record Periodic(long intervalSeconds, Instant anchor) implements Trigger {
    public Periodic {
      if (intervalSeconds <= 0) {
        throw new IllegalArgumentException(
            "interval_second must be a positive number of seconds, got " + intervalSeconds);
      }
      anchor = anchor.truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public String description() {
      return "every " + span(intervalSeconds);
    }

    /**
     * {@code 90} as {@code 90 seconds}, {@code 3600} as {@code hour}, {@code 7200} as {@code 2
     * hours}.
     */
    static String span(long seconds) {
      long[] sizes = {86_400, 3600, 60};
      String[] names = {"day", "hour", "minute"};
      for (int i = 0; i < sizes.length; i++) {
        if (seconds % sizes[i] == 0) {
          long n = seconds / sizes[i];
          return n == 1 ? names[i] : n + " " + names[i] + "s";
        }
      }
      return seconds == 1 ? "second" : seconds + " seconds";
    }

    @Override
    public Optional<Instant> next(Instant after) {
      if (after.isBefore(anchor)) {
        return Optional.of(anchor.plusSeconds(intervalSeconds));
      }
      long k = Math.floorDiv(after.getEpochSecond() - anchor.getEpochSecond(), intervalSeconds);
      return Optional.of(anchor.plusSeconds((k + 1) * intervalSeconds));
    }

    @Override
    public Instant latestDue(Instant from, Instant now) {
      if (!now.isAfter(from)) {
        return from;
      }
      long k = Math.floorDiv(now.getEpochSecond() - anchor.getEpochSecond(), intervalSeconds);
      Instant latest = anchor.plusSeconds(k * intervalSeconds);
      return latest.isAfter(from) ? latest : from;
    }
  }
}
