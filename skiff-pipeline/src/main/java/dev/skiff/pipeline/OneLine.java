package dev.skiff.pipeline;

/**
 * Keeps a message on one line when it quotes what a user sent: line breaks and other control
 * characters in it are written as escapes ({@code \n}, {@code \r}, {@code \t}, and {@code \\u} with
 * four hex digits for the rest), so that the CLI prints one line and an API problem's {@code
 * detail} is one line.
 */
public final class OneLine {
  private OneLine() {}

  /** {@code message} with its control characters escaped; null stays null. */
  public static String of(String message) {
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
                  if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
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
