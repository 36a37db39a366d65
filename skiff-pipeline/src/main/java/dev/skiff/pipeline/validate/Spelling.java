package dev.skiff.pipeline.validate;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions for misspelled names. */
public final class Spelling {

  private Spelling() {}

  /**
   * The candidate closest to {@code name} by edit distance, if it is close enough to be a likely
   * typo (at most 2 edits, or a third of the name's length for long names, and never more than 3).
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d =
          distance(name.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = Math.min(3, Math.max(2, name.length() / 3));
    return best != null && bestDistance > 0 && bestDistance <= allowed
        ? Optional.of(best)
        : Optional.empty();
  }

  /** {@code " (did you mean 'x'?)"} or the empty string. */
  public static String hint(String name, Collection<String> candidates) {
    return closest(name, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
