package dev.skiff.server.auth;

import dev.skiff.server.config.AuthSettings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code skiff login --web}: the browser, signed in to Skiff, hands the CLI an API token. The CLI
 * listens on {@code 127.0.0.1:PORT} and opens {@code /auth/cli?port=PORT&state=S}; this page asks
 * the signed-in user to allow it, and the allowing {@code POST} (with the session's CSRF token)
 * creates a token named {@code skiff CLI on DATE} with the default lifetime and sends the browser
 * to {@code http://127.0.0.1:PORT/callback?state=S&token=T}.
 *
 * <p>The token is made by a confirmed {@code POST}, not by the {@code GET}: a session cookie rides
 * along on any top-level navigation (SameSite=Lax), so a {@code GET} that made tokens would let any
 * web page have one sent to a loopback port that another user of a shared machine listens on.
 */
final class CliSignIn {
  /** The page's path. */
  static final String PATH = "/auth/cli";

  /** What the CLI's {@code state} may look like: url-safe, 16 to 128 characters. */
  private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{16,128}");

  private final AuthSlot auth;
  private final ApiAuthFilter filter;

  CliSignIn(AuthSlot auth, ApiAuthFilter filter) {
    this.auth = auth;
    this.filter = filter;
  }

  void install(RoutesConfig routes) {
    routes.get(PATH, this::confirm);
    routes.post(PATH, this::approve);
  }

  /** Where the CLI waits, as the request names it. */
  private record Callback(int port, String state) {
    String url(String token) {
      return "http://127.0.0.1:"
          + port
          + "/callback?state="
          + state
          + "&token="
          + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
  }

  private void confirm(Context ctx) {
    Callback cb = callback(ctx.queryParam("port"), ctx.queryParam("state"));
    Optional<Caller> caller = sessionCaller(ctx);
    if (caller.isEmpty()) {
      notSignedIn(ctx, cb);
      return;
    }
    String user = caller.get().user();
    long days = auth.services().settings().tokenTtl().toDays();
    ctx.header("Cache-Control", "no-store");
    // The allowing form's answer redirects to the CLI's port: CSP form-action covers redirects.
    ctx.header(
        "Content-Security-Policy",
        SecurityHeaders.CSP.replace(
            "form-action 'self'", "form-action 'self' http://127.0.0.1:" + cb.port()));
    ctx.html(
        page(
            "Sign in the Skiff CLI",
            "<p>The Skiff command-line tool on this computer (waiting on port "
                + cb.port()
                + ") asks to act as <strong>"
                + escape(user)
                + "</strong>. Allowing it creates an API token named <em>"
                + escape(tokenName())
                + "</em>, valid "
                + days
                + " days, which you can revoke with <code>skiff tokens revoke</code>.</p>"
                + "<p>Allow it only if you just ran <code>skiff login --web</code>.</p>"
                + "<form method=\"post\" action=\""
                + PATH
                + "\">"
                + hidden("port", Integer.toString(cb.port()))
                + hidden("state", cb.state())
                + hidden("csrf", caller.get().identity().csrf())
                + "<button type=\"submit\">Allow</button></form>"));
  }

  private void approve(Context ctx) {
    Callback cb = callback(ctx.formParam("port"), ctx.formParam("state"));
    Optional<Caller> caller = sessionCaller(ctx);
    if (caller.isEmpty()) {
      notSignedIn(ctx, cb);
      return;
    }
    Identity id = caller.get().identity();
    String csrf = ctx.formParam("csrf");
    AuthServices s = auth.services();
    if (csrf == null
        || id.csrf() == null
        || !Secrets.same(csrf, id.csrf())
        || !ApiAuthFilter.sameOrigin(ctx, s.settings().externalUrl())) {
      refuse(
          ctx,
          HttpStatus.FORBIDDEN,
          "This request did not come from Skiff's own sign-in page. Run <code>skiff login"
              + " --web</code> again.");
      return;
    }
    ApiTokens.Created made =
        s.tokens().create(id.userId(), tokenName(), null, null, s.settings().tokenTtl());
    ctx.header("Cache-Control", "no-store");
    ctx.redirect(cb.url(made.token()), HttpStatus.SEE_OTHER);
  }

  /** The signed-in browser's caller; empty without a live session cookie. */
  private Optional<Caller> sessionCaller(Context ctx) {
    Optional<Caller> caller;
    try {
      caller = filter.identify(ctx);
    } catch (HttpResponseException e) {
      return Optional.empty(); // an ended session: sign in again
    }
    return caller.filter(c -> c.identity().fromCookie());
  }

  private void notSignedIn(Context ctx, Callback cb) {
    if (auth.services().settings().mode() == AuthSettings.Mode.OIDC) {
      String next = PATH + "?port=" + cb.port() + "&state=" + cb.state();
      ctx.redirect(
          "/auth/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.FOUND);
      return;
    }
    refuse(
        ctx,
        HttpStatus.UNAUTHORIZED,
        "This browser is not signed in to Skiff. Open the one-time sign-in link that"
            + " <code>skiff up</code> printed, then run <code>skiff login --web</code> again. On"
            + " the server's machine the CLI can also sign in with the home's token:"
            + " <code>skiff login --server URL --token-stdin &lt; ~/.skiff/token</code>.");
  }

  /** The CLI's port and state, checked. */
  private static Callback callback(String port, String state) {
    int p;
    try {
      p = port == null ? -1 : Integer.parseInt(port.strip());
    } catch (NumberFormatException e) {
      p = -1;
    }
    if (p < 1024 || p > 65535) {
      throw new HttpResponseException(
          HttpStatus.BAD_REQUEST.getCode(),
          "port must be the CLI's port, 1024 to 65535; run skiff login --web again");
    }
    if (state == null || !STATE.matcher(state).matches()) {
      throw new HttpResponseException(
          HttpStatus.BAD_REQUEST.getCode(),
          "state must be 16 to 128 characters of A-Z, a-z, 0-9, '-' and '_'; run skiff login"
              + " --web again");
    }
    return new Callback(p, state);
  }

  private String tokenName() {
    return "skiff CLI on " + LocalDate.ofInstant(auth.services().clock().instant(), ZoneOffset.UTC);
  }

  private static void refuse(Context ctx, HttpStatus status, String html) {
    ctx.status(status).html(page("Skiff CLI sign-in", "<p>" + html + "</p>"));
  }

  private static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + title
        + "</title></head><body><h1>"
        + title
        + "</h1>"
        + body
        + "</body></html>\n";
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
