package dev.skiff.store.query;

/**
 * A list request the store cannot run because of what the caller asked for: an unknown field, a
 * value of the wrong type, a page token that is not one of ours. The message is one line naming the
 * problem (the API answers 400 with it).
 */
public final class InvalidQueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A bad query with a one-line reason: control characters it quotes from the request (a sort field
   * holding a line break) are escaped.
   */
  public InvalidQueryException(String message) {
    super(escapeControls(message));
  }

  private static String escapeControls(String message) {
    if (message == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(message.length());
    message
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
