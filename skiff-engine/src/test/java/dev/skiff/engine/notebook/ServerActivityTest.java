package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerActivityTest {
  private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
  private static final Duration LIMIT = Duration.ofHours(8);

  @Test
  void idle_after_the_limit_without_connections_or_busy_kernels() {
    ServerActivity quiet = new ServerActivity(0, false, Optional.empty());
    assertThat(quiet.decide(T0, T0.plus(Duration.ofHours(7)), LIMIT).idle()).isFalse();
    ServerActivity.Decision d = quiet.decide(T0, T0.plus(LIMIT), LIMIT);
    assertThat(d.idle()).isTrue();
    assertThat(d.lastActivity()).isEqualTo(T0);
  }

  @Test
  void a_connection_or_a_busy_kernel_is_activity_now() {
    Instant now = T0.plus(Duration.ofHours(9));
    assertThat(new ServerActivity(1, false, Optional.empty()).decide(T0, now, LIMIT))
        .isEqualTo(new ServerActivity.Decision(now, false));
    assertThat(new ServerActivity(0, true, Optional.empty()).decide(T0, now, LIMIT).idle())
        .isFalse();
  }

  @Test
  void kernel_activity_moves_the_last_activity_forward_only() {
    Instant now = T0.plus(Duration.ofHours(9));
    Instant kernel = T0.plus(Duration.ofHours(2));
    ServerActivity.Decision d =
        new ServerActivity(0, false, Optional.of(kernel)).decide(T0, now, LIMIT);
    assertThat(d).isEqualTo(new ServerActivity.Decision(kernel, false));
    assertThat(
            new ServerActivity(0, false, Optional.of(T0.minusSeconds(5)))
                .decide(T0, now, LIMIT)
                .lastActivity())
        .isEqualTo(T0);
  }

  @Test
  void a_zero_limit_never_culls() {
    assertThat(
            new ServerActivity(0, false, Optional.empty())
                .decide(T0, T0.plus(Duration.ofDays(30)), Duration.ZERO)
                .idle())
        .isFalse();
  }

  @Test
  void durations_read_short() {
    assertThat(ServerActivity.shown(Duration.ofHours(8))).isEqualTo("8h");
    assertThat(ServerActivity.shown(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(ServerActivity.shown(Duration.ofSeconds(3))).isEqualTo("3s");
  }
}
