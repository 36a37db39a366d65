package dev.skiff.store.query;

/**
 * A list request the store cannot run because of what the caller asked for: an unknown field, a
 * value of the wrong type, a page token that is not one of ours. The message is one line naming the
 * problem (the API answers 400 with it).
 */
public final class InvalidQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A bad query with a one-line reason. */
  public InvalidQueryException(String message) {
    super(message);
  }
}
