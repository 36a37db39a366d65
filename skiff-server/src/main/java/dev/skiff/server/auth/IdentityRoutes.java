package dev.skiff.server.auth;

import dev.skiff.api.RequestBodies;
import dev.skiff.api.v1.IdentityJson;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.store.identity.ApiToken;
import dev.skiff.store.identity.AuditEvent;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The caller ({@code /api/v1/me}), API tokens ({@code /api/v1/tokens}), the audit log ({@code
 * /api/v1/audit}), signing out ({@code /auth/logout}) and the CLI's browser sign-in ({@code
 * /auth/cli}, {@link CliSignIn}); with the audit recorder and the security headers every response
 * carries.
 */
public final class IdentityRoutes {
  /** The longest page of audit events. */
  static final int MAX_AUDIT_PAGE = 1000;

  private final AuthSlot auth;
  private final ApiAuthFilter filter;
  private final boolean localMode;
  private final LocalSignIn localSignIn;

  /**
   * Routes over the sign-in services.
   *
   * @param localSignIn local mode's one-time links, or null in other modes
   */
  public IdentityRoutes(AuthSlot auth, ApiAuthFilter filter, LocalSignIn localSignIn) {
    this.auth = auth;
    this.filter = filter;
    this.localMode = localSignIn != null;
    this.localSignIn = localSignIn;
  }

  /** Installs the endpoints, the audit recorder and the security headers. */
  public void install(RoutesConfig routes) {
    new SecurityHeaders().install(routes);
    new AuditRecorder(auth).install(routes);
    routes.get("/api/v1/me", this::me);
    routes.get("/api/v1/tokens", this::listTokens);
    routes.post("/api/v1/tokens", this::createToken);
    routes.delete("/api/v1/tokens/{token_id}", this::revokeToken);
    routes.get("/api/v1/audit", this::audit);
    routes.post("/auth/logout", this::logout);
    if (localMode) {
      localSignIn.install(routes, auth, filter);
    }
    new CliSignIn(auth, filter).install(routes);
  }

  private void me(Context ctx) {
    Caller c = ApiAuthFilter.caller(ctx);
    Requester r = c.requester();
    String display =
        auth.services().identity().users().find(c.user()).map(u -> u.displayName()).orElse("");
    ctx.json(
        new IdentityJson.Me(
            c.user(),
            display,
            r.profile(),
            r.platformAdmin(),
            c.identity().method().name().toLowerCase(java.util.Locale.ROOT),
            c.identity().csrf(),
            r.roles().entrySet().stream()
                // "" is not a profile: it holds the in-process CLI's runs, shown with them
                .filter(e -> !e.getKey().isEmpty())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new IdentityJson.ProfileRef(e.getKey(), e.getValue().wire()))
                .toList()));
  }

  private void listTokens(Context ctx) {
    Caller c = ApiAuthFilter.caller(ctx);
    String user = ctx.queryParam("user");
    String whose = user == null || user.isBlank() ? c.user() : user.strip();
    if (!whose.equals(c.user()) && !c.requester().platformAdmin()) {
      throw new CatalogException.Forbidden("only platform administrators list others' tokens");
    }
    ctx.json(
        new IdentityJson.TokenList(
            auth.services().tokens().of(whose).stream().map(this::view).toList()));
  }

  private void createToken(Context ctx) {
    Caller c = ApiAuthFilter.caller(ctx);
    if (c.identity().scope() != null) {
      throw new CatalogException.Forbidden(
          "a token limited to a profile or role cannot create tokens; sign in or use an unlimited"
              + " token");
    }
    IdentityJson.NewToken t =
        RequestBodies.read(body(ctx), IdentityJson.NewToken.class, "a new token");
    String name = t.name() == null ? "" : t.name().strip();
    if (name.isEmpty() || name.length() > 255 || name.chars().anyMatch(Character::isISOControl)) {
      throw new CatalogException.Invalid("a token needs a name of 1 to 255 printable characters");
    }
    String profile = t.profile() == null || t.profile().isBlank() ? null : t.profile().strip();
    if (profile != null) {
      c.requester().require(profile, ProfileRole.VIEW);
    }
    ProfileRole role = null;
    if (t.role() != null && !t.role().isBlank()) {
      role =
          ProfileRole.parse(t.role())
              .orElseThrow(
                  () ->
                      new CatalogException.Invalid(
                          "role must be owner, admin, edit or view, got '" + t.role() + "'"));
    }
    Duration ttl = auth.services().settings().tokenTtl();
    if (t.expiresInDays() != null) {
      if (t.expiresInDays() < 1 || t.expiresInDays() > ApiTokens.MAX_TTL.toDays()) {
        throw new CatalogException.Invalid(
            "expires_in_days must be 1 to " + ApiTokens.MAX_TTL.toDays());
      }
      ttl = Duration.ofDays(t.expiresInDays());
    }
    ApiTokens.Created made = auth.services().tokens().create(c.user(), name, profile, role, ttl);
    AuditTrail.of(ctx).note(profile == null ? "" : profile);
    ctx.status(201).json(new IdentityJson.CreatedToken(view(made.stored()), made.token()));
  }

  private void revokeToken(Context ctx) {
    Caller c = ApiAuthFilter.caller(ctx);
    String id = ctx.pathParam("token_id");
    if (c.identity().scope() != null && !id.equals(c.identity().scope().tokenId())) {
      throw new CatalogException.Forbidden(
          "a token limited to a profile or role revokes only itself; sign in or use an unlimited"
              + " token");
    }
    ApiToken t =
        auth.services()
            .tokens()
            .find(id)
            .filter(found -> found.userId().equals(c.user()) || c.requester().platformAdmin())
            .orElseThrow(() -> new CatalogException.NotFound("no token '" + shown(id) + "'"));
    auth.services().tokens().revoke(t.id());
    ctx.status(204);
  }

  private void audit(Context ctx) {
    Caller c = ApiAuthFilter.caller(ctx);
    String profile = blankToNull(ctx.queryParam("profile"));
    String user = blankToNull(ctx.queryParam("user"));
    if (!c.requester().platformAdmin()) {
      if (profile == null) {
        throw new CatalogException.Forbidden(
            "the whole audit log is for platform administrators; name a profile you administer"
                + " with profile=");
      }
      c.requester().require(profile, ProfileRole.ADMIN);
    }
    int size = intParam(ctx, "page_size", 100);
    if (size < 1 || size > MAX_AUDIT_PAGE) {
      throw new CatalogException.Invalid("page_size must be 1 to " + MAX_AUDIT_PAGE);
    }
    long before = 0;
    String token = blankToNull(ctx.queryParam("page_token"));
    if (token != null) {
      try {
        before = Long.parseLong(token);
      } catch (NumberFormatException e) {
        throw new CatalogException.Invalid("page_token is not one this server gave");
      }
    }
    List<AuditEvent> events = auth.services().identity().audit().list(profile, user, before, size);
    String next = events.size() == size ? Long.toString(events.getLast().id()) : "";
    ctx.json(
        new IdentityJson.AuditList(
            events.stream()
                .map(
                    e ->
                        new IdentityJson.AuditEvent(
                            e.id(),
                            e.at(),
                            e.userId(),
                            e.profile(),
                            e.action(),
                            e.target(),
                            e.status(),
                            e.detail()))
                .toList(),
            next));
  }

  private void logout(Context ctx) {
    AuthServices s = auth.services();
    boolean everywhere = "true".equals(ctx.queryParam("everywhere"));
    if (everywhere) {
      // Only a signed-in caller can end all their sessions.
      filter.identify(ctx).ifPresent(c -> s.sessions().endAll(c.user()));
    }
    s.sessions().end(ctx);
    ctx.status(204);
  }

  private IdentityJson.Token view(ApiToken t) {
    return new IdentityJson.Token(
        t.id(),
        t.userId(),
        t.name(),
        t.profile(),
        t.role() == null ? null : t.role().wire(),
        t.createdAt(),
        t.expiresAt(),
        t.revokedAt(),
        t.lastUsedAt(),
        t.activeAt(auth.services().clock().instant()));
  }

  private static String body(Context ctx) {
    return new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new CatalogException.Invalid(name + " must be a whole number, got '" + shown(v) + "'");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String shown(String s) {
    String t = s.length() > 70 ? s.substring(0, 70) + "..." : s;
    return t.replaceAll("\\p{Cntrl}", "?");
  }
}
