package dev.skiff.engine.retention;

/**
 * A run cannot be deleted now: it is still in progress, or other runs reuse its outputs through the
 * cache. The message says which, in one line; nothing was deleted.
 */
public final class RunNotDeletableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A refusal with a one-line reason. */
  public RunNotDeletableException(String message) {
    super(message);
  }
}
