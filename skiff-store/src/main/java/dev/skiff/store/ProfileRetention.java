package dev.skiff.store;

/**
 * How long one profile keeps its runs, overriding the server-wide retention settings field by
 * field.
 *
 * @param profile the profile's name
 * @param runDays finished runs are deleted this many days after they finished; {@code null}
 *     inherits the server-wide value, 0 keeps them without limit
 * @param logDays the step logs (and other executor files) of finished runs are deleted this many
 *     days after the run finished; {@code null} inherits, 0 keeps them
 * @param runsPerPipeline only the newest this many finished runs of each pipeline are kept; {@code
 *     null} inherits, 0 keeps any number
 */
public record ProfileRetention(
    String profile, Integer runDays, Integer logDays, Integer runsPerPipeline) {

  /** The largest value a field takes (about 27 years in days; more is "keep" in practice). */
  public static final int MAX_VALUE = 10_000;

  /**
   * Checks the fields.
   *
   * @throws IllegalArgumentException naming the field that is out of range or the bad profile name
   */
  public ProfileRetention {
    ProfileName.validate(profile);
    check("run days", runDays);
    check("log days", logDays);
    check("runs per pipeline", runsPerPipeline);
  }

  private static void check(String what, Integer value) {
    if (value != null && (value < 0 || value > MAX_VALUE)) {
      throw new IllegalArgumentException(
          what + " must be between 0 (no limit) and " + MAX_VALUE + ", got " + value);
    }
  }
}
