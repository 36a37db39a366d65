package dev.skiff.engine.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggerTest {
  private static final Instant T = Instant.parse("2026-03-04T10:20:30.250Z");

  @Test
  void six_fields_have_seconds_first_as_kfp_writes_them() {
    Trigger everySecond = Trigger.cron("* * * * * *");
    assertThat(everySecond.next(T)).contains(Instant.parse("2026-03-04T10:20:31Z"));
    assertThat(everySecond.next(Instant.parse("2026-03-04T10:20:31Z")))
        .contains(Instant.parse("2026-03-04T10:20:32Z"));
    Trigger hourly = Trigger.cron("0 0 * * * *");
    assertThat(hourly.next(T)).contains(Instant.parse("2026-03-04T11:00:00Z"));
    Trigger every5s = Trigger.cron("*/5 * * * * ?");
    assertThat(every5s.next(T)).contains(Instant.parse("2026-03-04T10:20:35Z"));
    // day of week 0 and 7 are Sunday, as in robfig/cron; 2026-03-08 is a Sunday
    assertThat(Trigger.cron("0 0 9 * * 0").next(T)).contains(Instant.parse("2026-03-08T09:00:00Z"));
    assertThat(Trigger.cron("0 0 9 * * 7").next(T)).contains(Instant.parse("2026-03-08T09:00:00Z"));
    assertThat(Trigger.cron("@hourly").next(T)).contains(Instant.parse("2026-03-04T11:00:00Z"));
  }

  @Test
  void five_fields_are_unix_cron_with_minutes_first() {
    assertThat(Trigger.cron("30 2 * * *").next(T)).contains(Instant.parse("2026-03-05T02:30:00Z"));
    assertThat(Trigger.cron("*/15 * * * *").next(T))
        .contains(Instant.parse("2026-03-04T10:30:00Z"));
  }

  @Test
  void a_cron_that_does_not_parse_is_named_in_one_line() {
    assertThatThrownBy(() -> Trigger.cron("every minute"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'every minute' has 2 fields");
    assertThatThrownBy(() -> Trigger.cron("61 * * * * *"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cron '61 * * * * *' does not parse:")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Trigger.cron("* * * * * * *")).hasMessageContaining("has 7 fields");
    assertThatThrownBy(() -> Trigger.cron(" ")).hasMessageContaining("empty");
  }

  @Test
  void latest_due_is_the_last_tick_at_or_before_now() {
    Trigger everySecond = Trigger.cron("* * * * * *");
    Instant due = Instant.parse("2026-03-04T10:00:00Z");
    assertThat(everySecond.latestDue(due, T)).isEqualTo(Instant.parse("2026-03-04T10:20:30Z"));
    assertThat(everySecond.latestDue(due, Instant.parse("2026-03-04T10:20:30Z")))
        .isEqualTo(Instant.parse("2026-03-04T10:20:30Z"));
    assertThat(everySecond.latestDue(T, due)).isEqualTo(T);
    Trigger hourly = Trigger.cron("0 0 * * * *");
    assertThat(hourly.latestDue(due, T)).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
  }

  @Test
  void periodic_ticks_count_from_the_anchor() {
    Instant anchor = Instant.parse("2026-03-04T10:00:00Z");
    Trigger every7 = Trigger.every(7, anchor);
    assertThat(every7.next(anchor.minusSeconds(100))).contains(anchor.plusSeconds(7));
    assertThat(every7.next(anchor)).contains(anchor.plusSeconds(7));
    assertThat(every7.next(anchor.plusSeconds(7))).contains(anchor.plusSeconds(14));
    assertThat(every7.next(anchor.plusSeconds(8))).contains(anchor.plusSeconds(14));
    assertThat(every7.latestDue(anchor.plusSeconds(7), anchor.plusSeconds(30)))
        .isEqualTo(anchor.plusSeconds(28));
    assertThatThrownBy(() -> Trigger.every(0, anchor))
        .hasMessageContaining("interval_second must be a positive number");
  }

  @Test
  void ticks_respect_start_and_end() {
    Instant start = Instant.parse("2026-03-04T12:00:00Z");
    Instant end = Instant.parse("2026-03-04T12:00:03Z");
    Ticks ticks = new Ticks(Trigger.cron("* * * * * *"), start, end);
    assertThat(ticks.firstAfter(T)).contains(start);
    assertThat(ticks.after(start)).contains(start.plusSeconds(1));
    assertThat(ticks.after(end)).isEmpty();
    assertThat(ticks.firstAfter(end)).isEqualTo(Optional.empty());
    // missed ticks past the end: the latest due is the end's
    assertThat(ticks.latestDue(start, end.plusSeconds(60))).isEqualTo(end);
  }

  @Test
  void descriptions_read_as_people_say_them_and_name_utc() {
    assertThat(Trigger.cron("0 0 2 * * *").description()).isEqualTo("every day at 02:00 (UTC)");
    assertThat(Trigger.cron("30 4 * * 1").description()).isEqualTo("at 04:30 on Mondays (UTC)");
    assertThat(Trigger.cron("0 0 0 1 * *").description())
        .isEqualTo("at 00:00 on day 1 of the month (UTC)");
    assertThat(Trigger.cron("0 */15 * * * *").description()).isEqualTo("every 15 minutes (UTC)");
    assertThat(Trigger.cron("0 0 9 * * 1-5").description())
        .isEqualTo("at 09:00 every day between Monday and Friday (UTC)");
    assertThat(Trigger.every(900, T).description()).isEqualTo("every 15 minutes");
    assertThat(Trigger.every(3600, T).description()).isEqualTo("every hour");
    assertThat(Trigger.every(2 * 86_400, T).description()).isEqualTo("every 2 days");
    assertThat(Trigger.every(90, T).description()).isEqualTo("every 90 seconds");
  }
}
