package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProfileTest {

  private static final Instant T = Instant.parse("2026-11-28T10:15:30.123456789Z");

  @Test
  void keeps_time_to_the_microsecond_so_a_stored_profile_reads_back_equal() {
    Profile p = new Profile("team-a", "ada@example.com", "x", T);
    assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-11-28T10:15:30.123456Z"));
  }

  @Test
  void a_missing_description_is_empty() {
    assertThat(new Profile("team-a", "ada", null, T).description()).isEmpty();
  }

  @Test
  void rejects_an_invalid_name() {
    assertThatThrownBy(() -> Profile.of("Team A", "ada", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("profile name \"Team A\"");
  }

  @Test
  void rejects_a_missing_owner_and_oversized_fields() {
    assertThatThrownBy(() -> Profile.of("a", " ", "")).hasMessage("profile owner is missing");
    assertThatThrownBy(() -> Profile.of("a", "o".repeat(256), ""))
        .hasMessageContaining("limit is 255");
    assertThatThrownBy(() -> Profile.of("a", "o", "d".repeat(1001)))
        .hasMessageContaining("limit is 1000");
  }
}
