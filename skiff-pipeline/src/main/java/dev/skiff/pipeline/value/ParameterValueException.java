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
    super(oneLine(message));
  }

  private static String oneLine(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(message.length());
    message
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                  if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
                    b.append(String.format("\\u%04x", c));
                  } else {
                    b.appendCodePoint(c);
                  }
                }
              }
            });
    return b.toString();
  }
}
