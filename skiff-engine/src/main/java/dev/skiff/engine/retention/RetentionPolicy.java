package dev.skiff.engine.retention;

import dev.skiff.store.ProfileRetention;

/**
 * How long finished runs and their step logs are kept. Each limit is independent, and 0 means no
 * limit: a finished run goes when it finished more than {@code runDays} days ago, or when {@code
 * runsPerPipeline} newer finished runs of its pipeline exist in its profile; its step logs go
 * {@code logDays} days after it finished (the run itself stays).
 *
 * @param runDays days a finished run is kept after it finished; 0 keeps it
 * @param logDays days the step logs of a finished run are kept after it finished; 0 keeps them
 * @param runsPerPipeline finished runs kept per pipeline and profile, newest first; 0 keeps all
 */
public record RetentionPolicy(int runDays, int logDays, int runsPerPipeline) {

  /** Keeps everything: the default. */
  public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(0, 0, 0);

  /**
   * Checks the limits.
   *
   * @throws IllegalArgumentException naming a limit that is negative or too large
   */
  public RetentionPolicy {
    check("run days", runDays);
    check("log days", logDays);
    check("runs per pipeline", runsPerPipeline);
  }

  private static void check(String what, int value) {
    if (value < 0 || value > ProfileRetention.MAX_VALUE) {
      throw new IllegalArgumentException(
          what
              + " must be between 0 (no limit) and "
              + ProfileRetention.MAX_VALUE
              + ", got "
              + value);
    }
  }

  /** This policy with a profile's override applied: each field it sets wins. */
  public RetentionPolicy with(ProfileRetention override) {
    if (override == null) {
      return this;
    }
    return new RetentionPolicy(
        override.runDays() == null ? runDays : override.runDays(),
        override.logDays() == null ? logDays : override.logDays(),
        override.runsPerPipeline() == null ? runsPerPipeline : override.runsPerPipeline());
  }

  /** Whether nothing is ever deleted under this policy. */
  public boolean keepsAll() {
    return runDays == 0 && logDays == 0 && runsPerPipeline == 0;
  }

  /**
   * The policy as people read it, e.g. {@code runs 30 days, logs 7 days, 100 runs per pipeline}.
   */
  public String describe() {
    return "runs "
        + (runDays == 0 ? "kept" : runDays + " days")
        + ", logs "
        + (logDays == 0 ? "kept" : logDays + " days")
        + ", "
        + (runsPerPipeline == 0
            ? "any number of runs"
            : runsPerPipeline == 1 ? "1 run" : runsPerPipeline + " runs")
        + " per pipeline";
  }
}
