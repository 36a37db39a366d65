package dev.skiff.server.auth;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses changes a browser was made to send from another site, for identities proved by a header
 * that a proxy in front of Skiff adds (Google IAP, oauth2-proxy). The proxy signs the browser in
 * with its own cookie and adds the header to every request it forwards, a forged cross-site form
 * post included: the header is an ambient credential like a cookie, but without a Skiff session
 * there is no CSRF token to ask for. Browsers name the page that made a request ({@code Origin},
 * {@code Sec-Fetch-Site}); scripts and the CLI send neither and are not affected.
 */
public final class CrossSiteWrites {
  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private CrossSiteWrites() {}

  /**
   * Throws 403 when {@code ctx} is a change (not GET, HEAD or OPTIONS) that a browser sent from a
   * page of another origin.
   *
   * @param externalUrl the address people use ({@code auth.externalUrl}); when null, the request's
   *     Host is the expected one (the proxy may have ended TLS, so the scheme is not compared)
   */
  public static void refuse(Context ctx, URI externalUrl) {
    if (SAFE.contains(ctx.method())) {
      return;
    }
    String fetchSite = ctx.header("Sec-Fetch-Site");
    if (fetchSite != null && fetchSite.strip().equalsIgnoreCase("cross-site")) {
      throw new ForbiddenResponse("cross-site request refused (Sec-Fetch-Site: cross-site)");
    }
    String origin = ctx.header("Origin");
    if (origin == null) {
      return;
    }
    String expected =
        externalUrl != null ? authorityOf(externalUrl.toString()) : ctx.header("Host");
    if (expected == null || !expected.equalsIgnoreCase(authorityOf(origin))) {
      throw new ForbiddenResponse("cross-origin request refused (Origin " + shown(origin) + ")");
    }
  }

  private static String authorityOf(String origin) {
    try {
      URI u = new URI(origin.strip());
      String authority = u.getRawAuthority();
      if (authority == null) {
        return "";
      }
      // Host headers leave out the scheme's default port; so does the comparison.
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") && authority.endsWith(":443"))
          || (scheme.equals("http") && authority.endsWith(":80"))) {
        authority = authority.substring(0, authority.lastIndexOf(':'));
      }
      return authority;
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }

  private static String shown(String origin) {
    String s = origin.length() > 100 ? origin.substring(0, 100) + "..." : origin;
    return s.chars().anyMatch(Character::isISOControl) ? "(unprintable)" : s;
  }
}
