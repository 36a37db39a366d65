package dev.skiff.engine.drive;

/**
 * What was asked of a run does not fit the state it is in (e.g. a retry of a run that is still
 * running); nothing changed. The message is one line (the API answers 409 with it).
 */
public final class RunConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A conflict with a one-line reason. */
  public RunConflictException(String message) {
    super(message);
  }
}
