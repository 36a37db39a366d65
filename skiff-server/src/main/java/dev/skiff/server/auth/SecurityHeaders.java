package dev.skiff.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Headers every response carries: no framing by other sites, no MIME sniffing, no referrer leaks,
 * and a Content Security Policy that allows only the server's own scripts, styles and images.
 *
 * <p>One kind of response differs: an artifact preview that the dashboard shows in a sandboxed
 * frame ({@link #sandboxedFrame}), which its own pages may frame and nothing else.
 */
public final class SecurityHeaders {
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  /**
   * The policy of a previewed HTML or Markdown artifact: a sandbox without {@code allow-scripts} or
   * {@code allow-same-origin} (no script runs; the document has an opaque origin, so it cannot read
   * the dashboard's cookies, storage or DOM, even when opened on its own), nothing loaded from
   * anywhere but inline styles and {@code data:} images, and framed by the dashboard's own pages
   * only.
   */
  public static final String SANDBOXED_FRAME_CSP =
      "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

  SecurityHeaders() {}

  void install(RoutesConfig routes) {
    routes.before(SecurityHeaders::apply);
  }

  static void apply(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  /**
   * Replaces this response's framing headers with those of a sandboxed artifact preview ({@link
   * #SANDBOXED_FRAME_CSP}, {@code X-Frame-Options: SAMEORIGIN}); the other headers stay.
   */
  public static void sandboxedFrame(Context ctx) {
    ctx.header("Content-Security-Policy", SANDBOXED_FRAME_CSP);
    ctx.header("X-Frame-Options", "SAMEORIGIN");
    ctx.header("X-Content-Type-Options", "nosniff");
  }
}
