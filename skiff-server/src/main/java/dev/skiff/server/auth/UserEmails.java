package dev.skiff.server.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user ids that a proxy or IAP vouches for: e-mail addresses, kept lowercase. Anything else (a
 * name with spaces, a control character, an address longer than a column holds) is not an id.
 */
public final class UserEmails {
  /** The longest user id accepted (the width of the user columns). */
  public static final int MAX_LENGTH = 255;

  // RFC 5322 dot-atom local part and a DNS name: enough for every provider's addresses, and no
  // quoting, spaces or brackets that could be read differently further on.
  private static final Pattern EMAIL =
      Pattern.compile(
          "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-]+)*"
              + "@[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?)+");

  private UserEmails() {}

  /**
   * The user id of {@code raw}: the address lowercased.
   *
   * @return empty when {@code raw} is not an e-mail address of at most {@link #MAX_LENGTH}
   *     characters
   */
  public static Optional<String> parse(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    return EMAIL.matcher(raw).matches()
        ? Optional.of(raw.toLowerCase(Locale.ROOT))
        : Optional.empty();
  }
}
