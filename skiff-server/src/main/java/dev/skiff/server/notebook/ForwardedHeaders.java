package dev.skiff.server.notebook;

import dev.skiff.server.auth.BrowserSessions;
import dev.skiff.server.auth.iap.IapAuthenticator;
import dev.skiff.server.config.AuthSettings;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers cross the proxy, in each direction. Towards the server: everything the browser sent
 * except the hop-by-hop headers, Skiff's credentials (the Authorization header, the session cookie,
 * the identity headers of IAP or a sign-in proxy, the CSRF token), {@code Origin} (checked by the
 * proxy already) and {@code Accept-Encoding} (answers come back unencoded, so that the server's
 * token can be taken out of them). Towards the browser: everything except the hop-by-hop headers
 * and the server's own login cookie.
 */
final class ForwardedHeaders {
  /** Headers of one connection (RFC 9110 7.6.1), and those the HTTP client sets itself. */
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect",
          "http2-settings");

  private static final Set<String> NOT_TO_SERVER =
      Set.of(
          "authorization",
          "cookie",
          "origin",
          "accept-encoding",
          "x-csrf-token",
          "forwarded",
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-proto",
          "x-forwarded-port",
          "x-real-ip",
          IapAuthenticator.ASSERTION_HEADER,
          "x-goog-authenticated-user-email",
          "x-goog-authenticated-user-id",
          // WebSocket handshake headers: the client library makes its own
          "sec-websocket-key",
          "sec-websocket-version",
          "sec-websocket-extensions",
          "sec-websocket-protocol",
          "sec-websocket-accept");

  private final Set<String> identityHeaders = new TreeSet<>();

  /** The policy for the configured sign-in mode (its identity headers are never forwarded). */
  ForwardedHeaders(AuthSettings settings) {
    if (settings != null && settings.proxy() != null) {
      identityHeaders.add(lower(settings.proxy().header()));
      if (settings.proxy().groupsHeader() != null) {
        identityHeaders.add(lower(settings.proxy().groupsHeader()));
      }
    }
  }

  /** Whether a request header goes to the server as it is. */
  boolean toServer(String name, String connectionHeader) {
    String n = lower(name);
    return !HOP_BY_HOP.contains(n)
        && !NOT_TO_SERVER.contains(n)
        && !identityHeaders.contains(n)
        && !listedIn(connectionHeader, n);
  }

  /**
   * Whether a response header goes to the browser (Set-Cookie is checked by {@link
   * #cookieToBrowser}).
   */
  static boolean toBrowser(String name, String connectionHeader) {
    String n = lower(name);
    return !HOP_BY_HOP.contains(n) && !listedIn(connectionHeader, n);
  }

  /**
   * The browser's {@code Cookie} header without Skiff's session cookies, or null when nothing is
   * left (the server's own cookies, such as Jupyter's {@code _xsrf}, go through).
   */
  static String cookiesToServer(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    StringBuilder kept = new StringBuilder();
    for (String part : cookieHeader.split(";")) {
      String c = part.strip();
      int eq = c.indexOf('=');
      String name = eq < 0 ? c : c.substring(0, eq).strip();
      if (c.isEmpty()
          || name.equals(BrowserSessions.PLAIN_COOKIE)
          || name.equals(BrowserSessions.SECURE_COOKIE)) {
        continue;
      }
      if (!kept.isEmpty()) {
        kept.append("; ");
      }
      kept.append(c);
    }
    return kept.isEmpty() ? null : kept.toString();
  }

  /**
   * Whether a {@code Set-Cookie} of the server goes to the browser: not Jupyter's login cookie
   * ({@code username-<host>-<port>}), which would sign the browser in to the server itself, and not
   * one that would replace Skiff's session.
   */
  static boolean cookieToBrowser(String setCookie) {
    String name = setCookie.split("[=;]", 2)[0].strip();
    return !name.startsWith("username-")
        && !name.equals(BrowserSessions.PLAIN_COOKIE)
        && !name.equals(BrowserSessions.SECURE_COOKIE);
  }

  private static boolean listedIn(String connectionHeader, String lowerName) {
    if (connectionHeader == null) {
      return false;
    }
    for (String token : connectionHeader.split(",")) {
      if (lower(token.strip()).equals(lowerName)) {
        return true;
      }
    }
    return false;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
