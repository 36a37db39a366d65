package dev.skiff.pipeline.validate;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" suggestions for misspelled names. */
public final class Spelling {

  private Spelling() {}

  /**
   * The candidate closest to {@code name} by edit distance, if it is close enough to be a likely
   * typo (at most 2 edits, or a third of the name's length for long names, and never more than 3).
   */
  public static Optional<String> closest(String name, Collection<String> candidates) {
    int allowed = Math.min(3, Math.max(2, name.length() / 3));
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(lower, c.toLowerCase(Locale.ROOT), allowed);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
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
    return distance(a, b, Integer.MAX_VALUE);
  }

  /**
   * Levenshtein distance when it is at most {@code limit}, else {@code limit + 1}; only the band of
   * width {@code 2 * limit + 1} around the diagonal is computed, so long names cost time linear in
   * their length, not quadratic.
   */
  static int distance(String a, String b, int limit) {
    if (limit < Math.max(a.length(), b.length())) {
      return banded(a, b, limit);
    }
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

  private static int banded(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int over = limit + 1;
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j <= limit ? j : over;
    }
    for (int i = 1; i <= a.length(); i++) {
      int from = Math.max(1, i - limit);
      int to = Math.min(b.length(), i + limit);
      cur[0] = i <= limit ? i : over;
      if (from > 1) {
        cur[from - 1] = over;
      }
      int best = cur[0];
      for (int j = from; j <= to; j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int d = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        cur[j] = Math.min(d, over);
        best = Math.min(best, cur[j]);
      }
      if (to < b.length()) {
        cur[to + 1] = over;
      }
      if (best > limit) {
        return over;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], over);
  }
}
