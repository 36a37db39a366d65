package dev.skiff.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

  @Test
  void database_names_are_unquoted_identifiers_within_postgresql_limits() {
    String name = EmbeddedPostgresServer.uniqueName("Some-Very Long/Test Class Name ".repeat(5));
    assertThat(name).matches("[a-z][a-z0-9_]*").hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void database_names_are_unique() {
    assertThat(EmbeddedPostgresServer.uniqueName("x"))
        .isNotEqualTo(EmbeddedPostgresServer.uniqueName("x"));
  }

  @Test
  void a_missing_hint_still_gives_a_name() {
    assertThat(EmbeddedPostgresServer.uniqueName(null)).startsWith("t__");
  }
}
