package dev.skiff.server.auth.oidc;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a browser goes after signing in: only a path on this server, never another site. Anything a
 * browser could read as another origin is refused: a scheme ({@code https://evil.example}), a
 * scheme-relative {@code //evil.example}, a backslash (browsers read {@code /\evil.example} as
 * {@code //evil.example}), and control characters, spaces or anything but printable ASCII (browsers
 * drop tabs and newlines, so {@code /<TAB>/evil.example} would become {@code //evil.example}; and a
 * header must not be split).
 */
public final class NextPath {
  /** The longest {@code next} accepted. */
  static final int MAX_LENGTH = 2000;

  private NextPath() {}

  /**
   * The local path to go to after sign-in.
   *
   * @param next the {@code next} query parameter, or null
   * @return {@code /} when none is given or it points into {@code /auth/} (which would start
   *     another sign-in); else {@code next} itself
   * @throws SignInException (400) when it is not a local path
   */
  public static String parse(String next) {
    if (next == null || next.isEmpty()) {
      return "/";
    }
    if (!isLocal(next)) {
      throw SignInException.badRequest(
          "next must be a path on this server such as /runs (not another site), got '"
              + shown(next)
              + "'");
    }
    return next.startsWith("/auth/") ? "/" : next;
  }

  /** Whether {@code next} is a path on this server and nothing a browser reads as another site. */
  static boolean isLocal(String next) {
    if (next.length() > MAX_LENGTH || !next.startsWith("/") || next.startsWith("//")) {
      return false;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      // Printable ASCII only (a browser percent-encodes anything else in a link it follows).
      if (c == '\\' || c <= ' ' || c >= 0x7f) {
        return false;
      }
    }
    try {
      URI u = new URI(next);
      return u.getScheme() == null && u.getRawAuthority() == null && u.getRawPath() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static String shown(String s) {
    String t = s.length() > 70 ? s.substring(0, 70) + "..." : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }
}
