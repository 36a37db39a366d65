package dev.skiff.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

/**
 * Guards every request under a path prefix: it must carry credentials the {@link Authenticator}
 * accepts, else it is answered 401 (problem+json, with {@code WWW-Authenticate: Bearer}) before any
 * handler runs. Handlers read the established caller with {@link #caller}.
 */
public final class ApiAuthFilter {
  private static final String CALLER = "skiff.caller";

  private final Authenticator authenticator;

  /** A filter that accepts what {@code authenticator} accepts. */
  public ApiAuthFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /** Installs the check for every path under {@code prefix} (e.g. {@code /apis}). */
  public void install(RoutesConfig routes, String prefix) {
    routes.before(prefix + "/*", this::check);
  }

  private void check(Context ctx) {
    boolean sent = ctx.header("Authorization") != null;
    Caller caller =
        authenticator
            .authenticate(ctx)
            .orElseThrow(
                () -> {
                  ctx.header("WWW-Authenticate", "Bearer");
                  return new UnauthorizedResponse(
                      sent
                          ? "the bearer token is not valid for this server"
                          : "missing 'Authorization: Bearer TOKEN' (the token is in"
                              + " $SKIFF_HOME/token on the server's machine)");
                });
    ctx.attribute(CALLER, caller);
  }

  /** The caller of a request that passed the filter. */
  public static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller on " + ctx.path());
    }
    return caller;
  }
}
