package dev.skiff.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserEmailsTest {
  @Test
  void addresses_are_kept_lowercase() {
    assertThat(UserEmails.parse("Ada.Lovelace+ml@Example.CO.uk"))
        .hasValue("ada.lovelace+ml@example.co.uk");
    assertThat(UserEmails.parse("svc-1@proj.iam.gserviceaccount.com"))
        .hasValue("svc-1@proj.iam.gserviceaccount.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ada",
        "ada@localhost",
        "@example.com",
        "ada@",
        "ada lovelace@example.com",
        "ada@example.com\u0000",
        "ada@example.com\n",
        "\"ada\"@example.com",
        "ada@-example.com",
        "ada..l@example.com",
        "accounts.google.com:ada@example.com",
        "<script>@example.com"
      })
  void anything_else_is_not_a_user_id(String raw) {
    assertThat(UserEmails.parse(raw)).isEmpty();
  }

  @Test
  void at_most_255_characters() {
    String domain = "@example.com";
    assertThat(UserEmails.parse("a".repeat(255 - domain.length()) + domain)).isPresent();
    assertThat(UserEmails.parse("a".repeat(256 - domain.length()) + domain)).isEmpty();
    assertThat(UserEmails.parse(null)).isEmpty();
  }
}
