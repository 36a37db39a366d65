package dev.skiff.store;

/**
 * The rules for a profile name: an RFC 1123 DNS label, as a Kubernetes namespace name must be.
 *
 * <p>1 to 63 characters; lowercase letters {@code a-z}, digits and {@code '-'}; the first and last
 * character a letter or digit. In cluster mode the profile name is the namespace name, so a name
 * valid here is always valid there.
 */
public final class ProfileName {

  /** The longest allowed name, the DNS label limit. */
  public static final int MAX_LENGTH = 63;

  /** How much of a rejected name to quote back, so a huge input does not flood a message. */
  private static final int QUOTE_LIMIT = 70;

  private ProfileName() {}

  /**
   * Returns {@code name} when it is valid.
   *
   * @throws IllegalArgumentException naming the first rule the name breaks
   */
  public static String validate(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return name;
  }

  /** Whether {@code name} follows the rules. */
  public static boolean isValid(String name) {
    return problem(name) == null;
  }

  /** What is wrong with {@code name}, or {@code null} when nothing is. */
  private static String problem(String name) {
    if (name == null) {
      return "profile name is missing";
    }
    if (name.isEmpty()) {
      return "profile name is empty; use 1-63 lowercase letters, digits or '-'";
    }
    if (name.length() > MAX_LENGTH) {
      return "profile name "
          + quote(name)
          + " is "
          + name.length()
          + " characters long; the limit is "
          + MAX_LENGTH;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isLowerAlnum(c) && c != '-') {
        return "profile name "
            + quote(name)
            + " has "
            + describe(c)
            + " at position "
            + (i + 1)
            + "; use lowercase letters a-z, digits or '-'";
      }
    }
    if (!isLowerAlnum(name.charAt(0)) || !isLowerAlnum(name.charAt(name.length() - 1))) {
      return "profile name "
          + quote(name)
          + " must start and end with a lowercase letter or a digit";
    }
    return null;
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static String describe(char c) {
    return Character.isISOControl(c) || Character.isWhitespace(c)
        ? String.format("character U+%04X", (int) c)
        : "'" + c + "'";
  }

  /** Quotes the name for a message: shortened, control characters escaped (no log injection). */
  private static String quote(String name) {
    String shown = name.length() > QUOTE_LIMIT ? name.substring(0, QUOTE_LIMIT) + "..." : name;
    StringBuilder out = new StringBuilder("\"");
    shown
        .codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.append('"').toString();
  }
}
