package dev.skiff.engine.run;

/**
 * The state of a run: KFP's REST {@code RuntimeState}. Which changes are allowed is data, in {@link
 * Transitions#RUN}.
 */
public enum RunState {
  /** Stored, not started yet. */
  PENDING,
  /** Tasks are being scheduled. */
  RUNNING,
  /** Every task that had to run succeeded (some may have been skipped). */
  SUCCEEDED,
  /** Not used for runs; kept so that run and task states share KFP's names. */
  SKIPPED,
  /** A task failed (after its retries), or the run could not start. */
  FAILED,
  /** Cancel requested: running steps are being killed, nothing new starts. */
  CANCELING,
  /** Canceled. */
  CANCELED;

  /** Whether nothing will change any more. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == SKIPPED || this == FAILED || this == CANCELED;
  }

  /** Whether the engine still drives the run (the opposite of {@link #isTerminal()}). */
  public boolean isActive() {
    return !isTerminal();
  }

  /** Whether the table allows moving from this state to {@code next}. */
  public boolean canTransitionTo(RunState next) {
    return Transitions.RUN.allows(this, next);
  }
}
