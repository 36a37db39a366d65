package dev.skiff.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local mode's browser sign-in, as Jupyter does it: {@code skiff up} prints a one-time link ({@code
 * /auth/local?code=...}); opening it signs the browser in as the local user (a session cookie) and
 * goes to the home page. A code works once and for {@link #VALID_FOR}; a new one comes from {@code
 * skiff up} or {@code skiff open} (which asks {@code POST /api/v1/signin-link} with the home's
 * token). Only hashes of the codes are kept, in memory.
 */
public final class LocalSignIn {
  /** How long a link works. */
  public static final Duration VALID_FOR = Duration.ofMinutes(15);

  private final Map<String, Instant> codes = new ConcurrentHashMap<>();
  private final String localUser;
  private final Clock clock;

  /** Links that sign browsers in as {@code localUser}. */
  public LocalSignIn(String localUser, Clock clock) {
    this.localUser = LocalTokenAuth.userName(localUser);
    this.clock = clock;
  }

  /** A new one-time sign-in link under {@code base} (e.g. {@code http://127.0.0.1:8080/}). */
  public URI newLink(URI base) {
    Instant now = clock.instant();
    codes.values().removeIf(until -> until.isBefore(now));
    String code = Secrets.random(24);
    codes.put(Secrets.sha256(code), now.plus(VALID_FOR));
    return base.resolve("/auth/local?code=" + code);
  }

  void install(RoutesConfig routes, AuthSlot auth, ApiAuthFilter filter) {
    routes.get("/auth/local", ctx -> signIn(ctx, auth.services()));
    routes.post(
        "/api/v1/signin-link",
        ctx -> {
          Caller c = ApiAuthFilter.caller(ctx);
          if (!c.user().equals(localUser) || c.identity().scope() != null) {
            throw new io.javalin.http.ForbiddenResponse(
                "sign-in links are for the local user " + localUser);
          }
          URI base = URI.create(ctx.scheme() + "://" + ctx.host() + "/");
          ctx.json(Map.of("url", newLink(base).toString()));
        });
  }

  private void signIn(Context ctx, AuthServices services) {
    String code = ctx.queryParam("code");
    Instant until = code == null || code.length() > 100 ? null : codes.remove(Secrets.sha256(code));
    if (until == null || until.isBefore(clock.instant())) {
      throw new UnauthorizedResponse(
          "this sign-in link was used already or has expired; run `skiff open` (or `skiff up`)"
              + " for a new one");
    }
    Identity id = Identity.of(localUser, localUser, java.util.Set.of(), Identity.Method.SESSION);
    services.access().signedIn(id);
    services.sessions().start(ctx, localUser);
    ctx.redirect("/");
  }
}
