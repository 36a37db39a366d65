package dev.skiff.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Guards every request under a path prefix: it must carry credentials one of the authenticators
 * accepts, else it is answered 401 (problem+json, with {@code WWW-Authenticate: Bearer}) before any
 * handler runs. A write authenticated by a session cookie must also echo the session's CSRF token
 * in {@code X-CSRF-Token} and, when it sends an Origin, come from this server's origin (Bearer
 * clients are not affected: a browser never adds their header by itself). Handlers read the
 * established caller with {@link #caller}.
 */
public final class ApiAuthFilter {
  private static final String CALLER = "skiff.caller";
  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  /** The header a cookie-authenticated write echoes its session's CSRF token in. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final Supplier<AuthServices> services;

  /**
   * A filter that asks the services' authenticators in order; the first that finds its kind of
   * credential decides.
   *
   * @param services the sign-in services (throws 503 while the server starts)
   */
  public ApiAuthFilter(Supplier<AuthServices> services) {
    this.services = services;
  }

  /** Installs the check for every path under {@code prefix} (e.g. {@code /apis}). */
  public void install(RoutesConfig routes, String prefix) {
    routes.before(prefix + "/*", this::check);
  }

  /** The caller of the request, or empty when it carries no credentials (401 for bad ones). */
  public Optional<Caller> identify(Context ctx) {
    Caller known = ctx.attribute(CALLER);
    if (known != null) {
      return Optional.of(known);
    }
    AuthServices auth = services.get();
    for (Authenticator a : auth.chain()) {
      Optional<Identity> id;
      try {
        id = a.authenticate(ctx);
      } catch (AuthenticationException e) {
        ctx.header("WWW-Authenticate", "Bearer");
        throw new UnauthorizedResponse(e.getMessage());
      }
      if (id.isPresent()) {
        AuditTrail trail = AuditTrail.of(ctx);
        Caller caller = auth.access().resolve(id.get(), trail);
        ctx.attribute(CALLER, caller);
        return Optional.of(caller);
      }
    }
    return Optional.empty();
  }

  private void check(Context ctx) {
    if (ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    Caller caller =
        identify(ctx)
            .orElseThrow(
                () -> {
                  ctx.header("WWW-Authenticate", "Bearer");
                  return new UnauthorizedResponse(
                      "sign in first: send 'Authorization: Bearer TOKEN' (create one with `skiff"
                          + " tokens create`; on the server's machine the home's token is in"
                          + " $SKIFF_HOME/token)");
                });
    if (caller.identity().fromCookie() && !SAFE.contains(ctx.method())) {
      checkCsrf(ctx, caller.identity());
    }
  }

  private void checkCsrf(Context ctx, Identity id) {
    String sent = ctx.header(CSRF_HEADER);
    if (sent == null || id.csrf() == null || !Secrets.same(sent, id.csrf())) {
      throw new ForbiddenResponse(
          "a change made with a session cookie needs the X-CSRF-Token header (GET /api/v1/me"
              + " gives csrf_token)");
    }
    if (!sameOrigin(ctx, services.get().settings().externalUrl())) {
      throw new ForbiddenResponse(
          "cross-origin request refused (Origin " + ctx.header("Origin") + ")");
    }
  }

  /**
   * Whether the request names this server's own origin in its {@code Origin} header (false when it
   * sends none): what a browser's request from this server's pages carries. The notebook proxy
   * requires it where a cookie alone would otherwise act (its only CSRF defence).
   */
  public boolean fromOwnOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    return origin != null && origin.equals(expectedOrigin(ctx, settings().externalUrl()));
  }

  /** The sign-in settings in force (which headers carry identities, the external URL). */
  public dev.skiff.server.config.AuthSettings settings() {
    return services.get().settings();
  }

  /** Whether the request sent no Origin or this server's own (a browser's write from its pages). */
  static boolean sameOrigin(Context ctx, URI externalUrl) {
    String origin = ctx.header("Origin");
    return origin == null || origin.equals(expectedOrigin(ctx, externalUrl));
  }

  private static String expectedOrigin(Context ctx, URI externalUrl) {
    if (externalUrl != null) {
      URI u = externalUrl;
      return u.getScheme() + "://" + u.getRawAuthority();
    }
    return ctx.scheme() + "://" + ctx.host();
  }

  /** The caller of a request that passed the filter. */
  public static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller on " + ctx.path());
    }
    return caller;
  }

  /** The caller, when the request was authenticated. */
  public static Optional<Caller> callerIfAny(Context ctx) {
    return Optional.ofNullable(ctx.attribute(CALLER));
  }
}
