package dev.skiff.kubernetes.launcher;

/**
 * A phase of the launcher cannot go on; the message is the one line it prints.
 *
 * <p>{@link #BAD_INPUT} (2): the pod's environment or command line is wrong (nothing was done);
 * {@link #FAILED} (1): the step failed or could not be reported.
 */
final class LauncherException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Exit status for a wrong environment or command line. */
  static final int BAD_INPUT = 2;

  /** Exit status for a step that failed, or a result that could not be stored. */
  static final int FAILED = 1;

  private final int exitStatus;

  LauncherException(String message, int exitStatus) {
    super(message);
    this.exitStatus = exitStatus;
  }

  /** A wrong environment or command line. */
  static LauncherException badInput(String message) {
    return new LauncherException(message, BAD_INPUT);
  }

  /** A failure of the step or of the launcher's own work. */
  static LauncherException failed(String message) {
    return new LauncherException(message, FAILED);
  }

  int exitStatus() {
    return exitStatus;
  }
}
