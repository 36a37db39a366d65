package dev.skiff.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokensTest {
  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    return k;
  }

  private final PageTokens tokens = new PageTokens(key(1));
  private final List<Condition> filter =
      List.of(
          Condition.of("state", Op.EQUALS, "FAILED"),
          new Condition(
              "created_at", Op.IN, List.of(Instant.parse("2026-01-01T00:00:00.123Z"), 5L)));

  @Test
  void a_token_carries_filter_order_and_cursor() {
    Cursor c = new Cursor(Instant.parse("2026-02-03T04:05:06.789012Z"), "id-9");
    String t = tokens.encode("runs", filter, new Sort("created_at", true), c);
    PageTokens.Position p = tokens.decode("runs", t);
    assertThat(p.after()).isEqualTo(c);
    assertThat(p.sort()).isEqualTo(new Sort("created_at", true));
    assertThat(p.conditions()).isEqualTo(filter);
    assertThat(t).matches("[A-Za-z0-9_.-]+");
  }

  @Test
  void an_altered_forged_or_foreign_token_is_refused() {
    String t = tokens.encode("runs", filter, new Sort("display_name", false), new Cursor("a", "b"));
    byte[] payload = Base64.getUrlDecoder().decode(t.substring(0, t.indexOf('.')));
    payload[payload.length - 1] ^= 1;
    String altered =
        Base64.getUrlEncoder().withoutPadding().encodeToString(payload)
            + t.substring(t.indexOf('.'));
    for (String bad : List.of(altered, t + "x", "abc", "", ".", "not base64!.x")) {
      assertThatThrownBy(() -> tokens.decode("runs", bad))
          .as(bad)
          .isInstanceOf(InvalidQueryException.class)
          .hasMessageContaining("page_token is not valid");
    }
    assertThatThrownBy(() -> new PageTokens(key(2)).decode("runs", t))
        .isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> tokens.decode("experiments", t))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("made for a list of runs");
  }

  @Test
  void sort_by_reads_kfp_forms() {
    Sort fallback = new Sort("created_at", false);
    assertThat(Sort.parse("", fallback)).isEqualTo(fallback);
    assertThat(Sort.parse("name", fallback)).isEqualTo(new Sort("name", false));
    assertThat(Sort.parse(" created_at   DESC ", fallback)).isEqualTo(new Sort("created_at", true));
    assertThatThrownBy(() -> Sort.parse("name sideways", fallback))
        .isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> Sort.parse("a b c", fallback))
        .isInstanceOf(InvalidQueryException.class);
  }
}
