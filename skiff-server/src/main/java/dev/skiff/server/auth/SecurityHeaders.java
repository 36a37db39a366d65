package dev.skiff.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Headers every response carries: no framing by other sites, no MIME sniffing, no referrer leaks,
 * and a Content Security Policy that allows only the server's own scripts, styles and images.
 */
final class SecurityHeaders {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  void install(RoutesConfig routes) {
    routes.before(SecurityHeaders::apply);
  }

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
  }
}
