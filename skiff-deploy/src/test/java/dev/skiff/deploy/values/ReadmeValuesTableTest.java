package dev.skiff.deploy.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's values table is {@link ValueKeys#markdownTable()}, so a key added to the reader is
 * documented. Regenerate with {@code -Dskiff.goldens.update=true}.
 */
class ReadmeValuesTableTest {
  private static final Path README = Path.of("../README.md");
  private static final String START = "<!-- values-table -->\n";
  private static final String END = "<!-- /values-table -->";

  @Test
  void the_readme_lists_every_values_key() throws Exception {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int from = readme.indexOf(START);
    int to = readme.indexOf(END);
    assertThat(from).as("README markers").isNotNegative();
    assertThat(to).isGreaterThan(from);
    String table = ValueKeys.markdownTable();
    if (Boolean.getBoolean("skiff.goldens.update")) {
      readme = readme.substring(0, from + START.length()) + table + readme.substring(to);
      Files.writeString(README, readme, StandardCharsets.UTF_8);
    }
    assertThat(readme.substring(from + START.length(), readme.indexOf(END)))
        .as("README values table (regenerate with -Dskiff.goldens.update=true)")
        .isEqualTo(table);
  }
}
