package dev.skiff.engine.executor.notebook;

/** What {@link NotebookLauncher#start} did. */
public sealed interface LaunchResult {

  /**
   * The server's process runs.
   *
   * @param handle finds it again (opaque; stored with the notebook)
   * @param endpoint where it answers once ready
   */
  record Started(String handle, ServerEndpoint endpoint) implements LaunchResult {}

  /**
   * The machine's resources are busy; nothing was started.
   *
   * @param reason e.g. {@code waiting for 1 GPU: 2 of 2 in use}
   */
  record Waiting(String reason) implements LaunchResult {}

  /**
   * It could not start.
   *
   * @param reason one line
   */
  record Failed(String reason) implements LaunchResult {}
}
