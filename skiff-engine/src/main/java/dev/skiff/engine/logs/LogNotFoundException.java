package dev.skiff.engine.logs;

/**
 * The run has no log for what was asked: no such step, a step that has not started, or no such
 * attempt. The message says which, in words for the user.
 */
public final class LogNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message. */
  public LogNotFoundException(String message) {
    super(message);
  }
}
