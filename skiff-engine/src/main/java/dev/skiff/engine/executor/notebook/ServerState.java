package dev.skiff.engine.executor.notebook;

/** Whether a server's process still runs. */
public sealed interface ServerState {

  /** It runs. */
  record Alive() implements ServerState {}

  /**
   * It ended by itself.
   *
   * @param reason e.g. {@code the server exited with code 1}
   * @param clean whether it exited with code 0: shut down on purpose (Jupyter's Quit button)
   */
  record Ended(String reason, boolean clean) implements ServerState {
    /** An ending of which nothing more is known (not clean). */
    public Ended(String reason) {
      this(reason, false);
    }
  }
}
