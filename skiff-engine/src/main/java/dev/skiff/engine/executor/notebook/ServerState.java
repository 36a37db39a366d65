package dev.skiff.engine.executor.notebook;

/** Whether a server's process still runs. */
public sealed interface ServerState {

  /** It runs. */
  record Alive() implements ServerState {}

  /**
   * It ended by itself.
   *
   * @param reason e.g. {@code the server exited with code 1}
   */
  record Ended(String reason) implements ServerState {}
}
