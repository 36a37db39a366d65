package dev.skiff.pipeline.placeholder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PlaceholderSyntaxTest {

  /** The regular expression the scanner replaces: the oracle. */
  private static final Pattern TOKEN = Pattern.compile("\\{\\{\\$(.*?)}}");

  @Test
  void the_scanner_finds_what_the_regular_expression_finds() {
    Random random = new Random(11);
    String[] pieces = {"{{$", "}}", "{", "}", "$", "a", "\n", "\r", "\u2028", " ", "{{", "}}}"};
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      assertThat(PlaceholderSyntax.tokens(text.toString()))
          .as("%s", text)
          .isEqualTo(oracle(text.toString()));
    }
  }

  @Test
  void a_long_line_of_unclosed_placeholders_is_scanned_in_linear_time() {
    // quadratic for the regular expression: about 10^10 steps here
    String text = "{{$".repeat(100_000) + "\n{{$.inputs.parameters['x']}}";
    assertThat(PlaceholderSyntax.tokens(text))
        .containsExactly(new PlaceholderSyntax.Token(300_001, 300_029, ".inputs.parameters['x']"));
  }

  private static List<PlaceholderSyntax.Token> oracle(String text) {
    List<PlaceholderSyntax.Token> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      out.add(new PlaceholderSyntax.Token(m.start(), m.end(), m.group(1)));
    }
    return out;
  }
}
