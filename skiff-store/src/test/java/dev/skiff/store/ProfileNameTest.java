package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "team-a", "ml-research-2", "a1b2", "x-y-z"})
  void accepts_dns_labels(String name) {
    assertThat(ProfileName.validate(name)).isEqualTo(name);
    assertThat(ProfileName.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Team      | has 'T' at position 1
          team_a    | has '_' at position 5
          team.a    | has '.' at position 5
          'team a'  | has character U+0020 at position 5
          -team     | must start and end with a lowercase letter or a digit
          team-     | must start and end with a lowercase letter or a digit
          ''        | profile name is empty
          tëam      | has 'ë' at position 2
          """)
  void rejects_names_that_are_not_dns_labels_saying_why(String name, String expected) {
    assertThatThrownBy(() -> ProfileName.validate(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
    assertThat(ProfileName.isValid(name)).isFalse();
  }

  @Test
  void the_limit_is_63_characters() {
    assertThat(ProfileName.isValid("a".repeat(63))).isTrue();
    assertThatThrownBy(() -> ProfileName.validate("a".repeat(64)))
        .hasMessageContaining("is 64 characters long; the limit is 63");
  }

  @Test
  void a_missing_name_is_rejected() {
    assertThatThrownBy(() -> ProfileName.validate(null)).hasMessage("profile name is missing");
  }

  @Test
  void messages_are_one_short_line_even_for_hostile_input() {
    String hostile = "x\nERROR forged log line" + "y".repeat(500);
    assertThatThrownBy(() -> ProfileName.validate(hostile))
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(200);
              assertThat(e.getMessage()).contains("\\u000a");
            });
  }
}
