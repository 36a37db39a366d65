package dev.skiff.server.web.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TickPreviewTest {
  private static final Instant NOW = Instant.parse("2026-12-05T06:30:12Z");

  @Test
  void a_daily_cron_lists_the_next_five_days_at_its_hour_and_says_so() {
    TickPreview p = TickPreview.of("0 0 2 * * *", null, null, null, NOW);
    assertThat(p.failed()).isFalse();
    assertThat(p.description()).contains("02:00").endsWith("(UTC)");
    assertThat(p.ticks())
        .containsExactly(
            Instant.parse("2026-12-06T02:00:00Z"),
            Instant.parse("2026-12-07T02:00:00Z"),
            Instant.parse("2026-12-08T02:00:00Z"),
            Instant.parse("2026-12-09T02:00:00Z"),
            Instant.parse("2026-12-10T02:00:00Z"));
  }

  @Test
  void start_and_end_bound_the_ticks_and_form_times_read_as_utc() {
    TickPreview p = TickPreview.of("0 0 2 * * *", "", "2026-12-08T00:00", "2026-12-09T12:00", NOW);
    assertThat(p.ticks())
        .containsExactly(
            Instant.parse("2026-12-08T02:00:00Z"), Instant.parse("2026-12-09T02:00:00Z"));
    TickPreview none = TickPreview.of("0 0 2 * * *", "", null, "2026-12-05T07:00:00Z", NOW);
    assertThat(none.failed()).isFalse();
    assertThat(none.ticks()).isEmpty();
  }

  @Test
  void an_interval_counts_from_the_start_or_from_now() {
    TickPreview p = TickPreview.of(null, "3600", null, null, NOW);
    assertThat(p.description()).isEqualTo("every hour");
    assertThat(p.ticks()).hasSize(5).first().isEqualTo(NOW.plusSeconds(3600));
    TickPreview later = TickPreview.of(null, "900", "2026-12-06T00:00:00Z", null, NOW);
    assertThat(later.ticks().getFirst()).isEqualTo(Instant.parse("2026-12-06T00:15:00Z"));
  }

  @Test
  void bad_input_is_named_and_gives_no_ticks() {
    TickPreview bad = TickPreview.of("0 0 25 * * *", null, null, null, NOW);
    assertThat(bad.failed()).isTrue();
    assertThat(bad.error()).startsWith("cron '0 0 25 * * *' does not parse");
    assertThat(bad.ticks()).isEmpty();
    assertThat(TickPreview.of("* * *", null, null, null, NOW).error()).contains("has 3 fields");
    assertThat(TickPreview.of(null, "soon", null, null, NOW).error())
        .contains("whole number of seconds");
    assertThat(TickPreview.of(null, "0", null, null, NOW).error()).contains("positive");
    assertThat(TickPreview.of("", "", null, null, NOW).error()).contains("cron expression or");
    assertThat(TickPreview.of("@daily", null, "tomorrow", null, NOW).error())
        .contains("start time 'tomorrow'");
    assertThat(TickPreview.of("@daily", null, "2026-12-09T00:00", "2026-12-08T00:00", NOW).error())
        .isEqualTo("the end is before the start");
  }
}
