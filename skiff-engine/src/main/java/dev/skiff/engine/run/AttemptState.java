package dev.skiff.engine.run;

/** How one attempt of a container step stands. */
public enum AttemptState {
  /** Handed to the executor (queued or running). */
  RUNNING,
  /** Exited 0 with its outputs collected. */
  SUCCEEDED,
  /** Failed (a retry may follow). */
  FAILED,
  /** Killed by a cancel. */
  CANCELED,
  /** The engine stopped while it ran; a restarted engine killed it and ran a new attempt. */
  LOST;

  /** Whether the attempt has ended. */
  public boolean isTerminal() {
    return this != RUNNING;
  }
}
