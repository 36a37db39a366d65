package dev.skiff.pipeline.value;

/**
 * A parameter value of the wrong type or text that does not parse as the declared type, e.g. {@code
 * parameter 'n' expects NUMBER_INTEGER, got 'abc'}.
 */
public final class ParameterValueException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with a one-line message: line breaks and other control characters (which
   * a quoted name or value may hold) are written as escapes such as {@code \n}.
   */
  public ParameterValueException(String message) {
    super(dev.skiff.pipeline.OneLine.of(message));
  }
}
