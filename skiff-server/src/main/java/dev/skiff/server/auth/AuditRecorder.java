package dev.skiff.server.auth;

import dev.skiff.store.ProfileName;
import dev.skiff.store.identity.AuditEvent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every state-changing request under {@code /apis}, {@code /api/v1} and {@code /auth} to the
 * audit log once it has been answered: who (when known), in which profile, the route, the path, and
 * the status, refusals included.
 */
final class AuditRecorder {
  private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);
  private static final Set<HandlerType> WRITES =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  private final AuthSlot auth;

  AuditRecorder(AuthSlot auth) {
    this.auth = auth;
  }

  void install(RoutesConfig routes) {
    for (String prefix : new String[] {"/apis/*", "/api/v1/*", "/auth/*"}) {
      routes.after(prefix, this::record);
    }
  }

  /** The template of the route that answered, or null when none matched. */
  private static String matchedRoute(Context ctx) {
    try {
      Endpoint e = ctx.endpoints().matchedHttpEndpoint();
      return e == null ? null : e.path;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The {@code {profile}} segment of {@code path} for the route {@code template}, or "". */
  static String profileIn(String template, String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    for (int i = 0; i < t.length && t.length == p.length; i++) {
      if (t[i].equals("{profile}")) {
        String name = URLDecoder.decode(p[i], StandardCharsets.UTF_8);
        return ProfileName.isValid(name) ? name : "";
      }
    }
    return "";
  }

  private void record(Context ctx) {
    if (!WRITES.contains(ctx.method())) {
      return;
    }
    try {
      AuthServices s = auth.services();
      String user = ApiAuthFilter.callerIfAny(ctx).map(Caller::user).orElse("");
      String profile = AuditTrail.of(ctx).profile();
      // This runs as an after-handler: ctx.endpoint() and the path parameters are its own
      // ("/api/v1/*"), so the route is the matched HTTP endpoint's.
      String route = matchedRoute(ctx);
      if (profile.isEmpty() && route != null) {
        profile = profileIn(route, ctx.path());
      }
      if (route == null) {
        route = ctx.path();
      }
      s.identity()
          .audit()
          .append(
              new AuditEvent(
                  0,
                  s.clock().instant(),
                  user,
                  profile.length() > ProfileName.MAX_LENGTH ? "" : profile,
                  ctx.method().name() + " " + route,
                  ctx.path(),
                  ctx.statusCode(),
                  ""));
    } catch (RuntimeException e) {
      // The answer is sent; an audit write that fails is logged, loudly.
      log.error("audit event for {} {} not written: {}", ctx.method(), ctx.path(), e.toString());
    }
  }
}
