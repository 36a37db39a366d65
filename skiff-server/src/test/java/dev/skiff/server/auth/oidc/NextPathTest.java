package dev.skiff.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NextPathTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example",
        "http://evil.example/",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "/path\\x",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\nSet-Cookie: x=y",
        "/ /evil.example",
        "/\u00a0/evil.example",
        "/caf\u00e9",
        "javascript:alert(1)",
        "evil.example",
        "runs",
        "/%zz"
      })
  void refuses_anything_but_a_local_path(String next) {
    assertThatThrownBy(() -> NextPath.parse(next))
        .isInstanceOf(SignInException.class)
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(400);
  }

  @Test
  void refuses_a_very_long_path() {
    assertThatThrownBy(() -> NextPath.parse("/" + "a".repeat(NextPath.MAX_LENGTH)))
        .isInstanceOf(SignInException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/runs", "/runs/abc?tab=logs&x=1", "/%2F%2Fevil.example", "/a#b"})
  void keeps_a_local_path(String next) {
    assertThat(NextPath.parse(next)).isEqualTo(next);
  }

  @Test
  void none_or_a_sign_in_path_means_the_home_page() {
    assertThat(NextPath.parse(null)).isEqualTo("/");
    assertThat(NextPath.parse("")).isEqualTo("/");
    assertThat(NextPath.parse("/auth/login?next=/x")).isEqualTo("/");
    assertThat(NextPath.parse("/auth/callback")).isEqualTo("/");
  }
}
