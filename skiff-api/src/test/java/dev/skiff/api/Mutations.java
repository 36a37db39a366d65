package dev.skiff.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic variants of a text, the same on every run: cut short, a piece left out, a piece
 * repeated, characters replaced by JSON's structural ones, pieces swapped.
 */
final class Mutations {
  private static final String STRUCTURE = "{}[]:,\"\\ 0-1e.nulltruefalse\u0000\u00ff";

  private Mutations() {}

  static List<String> of(String text, long seed, int count) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int a = random.nextInt(text.length() + 1);
      int b = random.nextInt(text.length() + 1);
      int from = Math.min(a, b);
      int to = Math.max(a, b);
      out.add(
          switch (i % 5) {
            case 0 -> text.substring(0, from);
            case 1 -> text.substring(0, from) + text.substring(to);
            case 2 -> text.substring(0, to) + text.substring(from);
            case 3 -> {
              char[] chars = text.toCharArray();
              for (int k = 0; k < 8 && chars.length > 0; k++) {
                chars[random.nextInt(chars.length)] =
                    STRUCTURE.charAt(random.nextInt(STRUCTURE.length()));
              }
              yield new String(chars);
            }
            default -> text.substring(from, to) + text.substring(0, from);
          });
    }
    return out;
  }
}
