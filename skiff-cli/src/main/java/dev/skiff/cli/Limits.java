package dev.skiff.cli;

/** The {@code --limit} of the list commands. */
final class Limits {
  private Limits() {}

  /**
   * Checks a limit.
   *
   * @throws UsageError outside 1..10000
   */
  static void check(int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new UsageError("--limit must be a number from 1 to 10000, got " + limit);
    }
  }
}
