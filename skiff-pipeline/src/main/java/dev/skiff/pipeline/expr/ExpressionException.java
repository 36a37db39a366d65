package dev.skiff.pipeline.expr;

/** A CEL expression that does not compile, or that fails or yields the wrong type when run. */
public final class ExpressionException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message. */
  public ExpressionException(String message) {
    super(message);
  }

  /** Creates the exception with a one-line message and its cause. */
  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }
}
