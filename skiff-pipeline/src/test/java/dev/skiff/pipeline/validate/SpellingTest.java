package dev.skiff.pipeline.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpellingTest {

  @Test
  void the_banded_distance_agrees_with_the_full_one_up_to_its_limit() {
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      String a = word(random);
      String b = random.nextBoolean() ? word(random) : typo(a, random);
      int limit = random.nextInt(4);
      int full = Spelling.distance(a, b);
      assertThat(Spelling.distance(a, b, limit))
          .as("%s / %s within %d", a, b, limit)
          .isEqualTo(Math.min(full, limit + 1));
    }
  }

  @Test
  void suggestions_for_long_names_stay_cheap_and_right() {
    String name = "x".repeat(200_000);
    List<String> candidates = List.of(name + "y", "x".repeat(100_000), name.replace('x', 'z'));
    assertThat(Spelling.closest(name, candidates)).contains(name + "y");
    assertThat(Spelling.hint("prodcue", List.of("produce", "consume")))
        .isEqualTo(" (did you mean 'produce'?)");
  }

  private static String word(Random random) {
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(9);
    for (int i = 0; i < length; i++) {
      out.append((char) ('a' + random.nextInt(3)));
    }
    return out.toString();
  }

  private static String typo(String word, Random random) {
    StringBuilder out = new StringBuilder(word);
    for (int k = random.nextInt(4); k > 0; k--) {
      int at = out.isEmpty() ? 0 : random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.insert(at, 'b');
        case 1 -> {
          if (!out.isEmpty()) {
            out.deleteCharAt(at);
          }
        }
        default -> {
          if (!out.isEmpty()) {
            out.setCharAt(at, 'c');
          }
        }
      }
    }
    return out.toString();
  }
}
