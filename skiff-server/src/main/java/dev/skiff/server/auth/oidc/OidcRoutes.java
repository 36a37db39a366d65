package dev.skiff.server.auth.oidc;

import dev.skiff.server.auth.AuthServices;
import dev.skiff.server.auth.AuthSlot;
import dev.skiff.server.auth.Identity;
import dev.skiff.server.auth.SignInPolicy;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.http.Problem;
import dev.skiff.store.identity.AuditEvent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sign-in with an OpenID provider ({@code auth.mode: oidc}).
 *
 * <ul>
 *   <li>{@code GET /auth/login[?next=/path]}: the entry point. Sends the browser to the provider
 *       (authorization code flow, PKCE S256, random state and nonce kept in a sealed short-lived
 *       cookie, see {@link LoginCookie}).
 *   <li>{@code GET /auth/callback}: where the provider sends it back. Checks the state against the
 *       browser's cookie, exchanges the code, checks the ID token ({@link IdTokenValidator}), asks
 *       the sign-in policy, records the sign-in (the user and their default profile are made on the
 *       first one), starts a new server-side session and sends the browser on to {@code next}.
 *   <li>{@code GET /auth/logout}: ends this browser's session and, when the provider has an {@code
 *       end_session_endpoint}, signs out there too, coming back to {@code auth.externalUrl}.
 *       ({@code POST /auth/logout[?everywhere=true]} answers API clients.)
 * </ul>
 *
 * <p>In other modes the first two answer 404 and the last only ends the session. Failures are
 * problems ({@code application/problem+json}): 400 a malformed request, 401 proof that does not
 * hold, 403 someone the policy refuses, 502 a provider that cannot be used. Every callback is
 * written to the audit log; no code, token, state or secret is logged.
 */
public final class OidcRoutes {
  private static final Logger log = LoggerFactory.getLogger(OidcRoutes.class);
  private static final String CALLBACK_ACTION = "GET " + OidcClient.CALLBACK_PATH;
  private static final String AUDITED = "skiff.oidc.audited";

  private final AuthSettings settings;
  private final AuthSlot auth;
  private final OidcClient client;
  private final LoginCookie loginCookie;

  /** The routes of {@code settings.mode()}, over the sign-in services once they are ready. */
  public OidcRoutes(AuthSettings settings, AuthSlot auth) {
    this(settings, auth, JwksCache.MIN_REFETCH);
  }

  /**
   * As {@link #OidcRoutes(AuthSettings, AuthSlot)}, with the shortest time between two fetches of
   * the provider's keys for an unknown key id.
   */
  OidcRoutes(AuthSettings settings, AuthSlot auth, Duration minKeyRefetch) {
    this.settings = settings;
    this.auth = auth;
    this.client =
        settings.mode() == AuthSettings.Mode.OIDC
            ? new OidcClient(settings.oidc(), settings.externalUrl(), minKeyRefetch)
            : null;
    this.loginCookie = new LoginCookie(settings.https());
  }

  /** Installs {@code GET /auth/login}, {@code GET /auth/callback} and {@code GET /auth/logout}. */
  public void install(RoutesConfig routes) {
    routes.get("/auth/login", this::login);
    routes.get(OidcClient.CALLBACK_PATH, this::callback);
    routes.get("/auth/logout", this::logout);
    routes.exception(SignInException.class, this::refused);
  }

  private void login(Context ctx) {
    noStore(ctx);
    OidcClient c = client();
    String next = NextPath.parse(ctx.queryParam("next"));
    Instant now = auth.services().clock().instant();
    LoginState s = LoginState.start(next, now.plus(LoginCookie.TTL));
    URI to = c.authorizationUrl(s, now);
    ctx.cookie(loginCookie.of(s));
    ctx.redirect(to.toString(), HttpStatus.FOUND);
  }

  private void callback(Context ctx) {
    noStore(ctx);
    OidcClient c = client();
    AuthServices s = auth.services();
    Instant now = s.clock().instant();
    String sealed = ctx.cookie(loginCookie.name());
    // The sign-in in progress is used once, whatever happens next.
    ctx.cookie(loginCookie.cleared());
    String error = ctx.queryParam("error");
    if (error != null) {
      String description = ctx.queryParam("error_description");
      throw SignInException.unauthorized(
          "the sign-in provider did not sign you in: "
              + TokenExchange.shown(error)
              + (description == null ? "" : " (" + TokenExchange.shown(description) + ")"));
    }
    String code = ctx.queryParam("code");
    String state = ctx.queryParam("state");
    if (code == null || code.isBlank() || state == null || state.isBlank()) {
      throw SignInException.badRequest(
          "the sign-in callback needs the provider's code and state; start at /auth/login");
    }
    LoginState login = loginCookie.open(sealed, now);
    if (!login.sameState(state)) {
      throw SignInException.unauthorized(
          "the callback's state is not this browser's sign-in (a stale or forged link); start"
              + " again at /auth/login");
    }
    IdTokenValidator.VerifiedUser user = c.complete(code, login, now);
    if (!s.policy().allows(user.email(), user.groups())) {
      audit(ctx, user.email(), 403, "refused by the sign-in policy");
      throw SignInException.forbidden(SignInPolicy.refusal(user.email()));
    }
    s.access()
        .signedIn(Identity.of(user.email(), user.name(), user.groups(), Identity.Method.SESSION));
    s.sessions().start(ctx, user.email());
    audit(ctx, user.email(), HttpStatus.SEE_OTHER.getCode(), "signed in");
    log.info("{} signed in", user.email());
    ctx.redirect(login.next(), HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    noStore(ctx);
    AuthServices s = auth.services();
    s.sessions().end(ctx);
    String to = "/";
    if (client != null) {
      try {
        to = client.endSessionUrl(s.clock().instant()).map(URI::toString).orElse("/");
      } catch (SignInException e) {
        // Signed out here; the provider's session is left as it is.
        log.warn("not signing out at the provider: {}", e.getMessage());
      }
    }
    ctx.redirect(to, HttpStatus.SEE_OTHER);
  }

  private void refused(SignInException e, Context ctx) {
    log.warn("{} {} -> {}: {}", ctx.method(), ctx.path(), e.status(), e.getMessage());
    if (ctx.path().equals(OidcClient.CALLBACK_PATH) && ctx.attribute(AUDITED) == null) {
      audit(ctx, "", e.status(), e.getMessage());
    }
    HttpStatus status = HttpStatus.forStatus(e.status());
    noStore(ctx);
    ctx.status(e.status());
    ctx.json(new Problem(status.getMessage(), e.status(), e.getMessage(), ctx.path()));
    ctx.contentType(Problem.CONTENT_TYPE);
  }

  private OidcClient client() {
    if (client == null) {
      throw SignInException.notConfigured(
          "sign-in with an OpenID provider is off: auth.mode is "
              + settings.mode().wire()
              + " (set auth.mode: oidc with auth.oidc.issuer, clientId and the client secret)");
    }
    return client;
  }

  /** Writes the callback's outcome to the audit log; a failed write is logged, not answered. */
  private void audit(Context ctx, String user, int status, String detail) {
    ctx.attribute(AUDITED, Boolean.TRUE);
    try {
      AuthServices s = auth.services();
      s.identity()
          .audit()
          .append(
              new AuditEvent(
                  0,
                  s.clock().instant(),
                  user,
                  "",
                  CALLBACK_ACTION,
                  OidcClient.CALLBACK_PATH,
                  status,
                  detail.length() > 200 ? detail.substring(0, 200) : detail));
    } catch (RuntimeException e) {
      log.error("audit event for a sign-in not written: {}", e.toString());
    }
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }
}
