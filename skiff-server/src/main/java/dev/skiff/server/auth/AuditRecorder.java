package dev.skiff.server.auth;

import dev.skiff.store.identity.AuditEvent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
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

  private void record(Context ctx) {
    if (!WRITES.contains(ctx.method())) {
      return;
    }
    try {
      AuthServices s = auth.services();
      String user = ApiAuthFilter.callerIfAny(ctx).map(Caller::user).orElse("");
      String profile = AuditTrail.of(ctx).profile();
      if (profile.isEmpty() && ctx.pathParamMap().containsKey("profile")) {
        profile = ctx.pathParam("profile");
      }
      // The route that answered (ctx.endpoint() here is this after-handler's own "/prefix/*").
      String route;
      try {
        var answered = ctx.endpoints().lastHttpEndpoint();
        route = answered == null ? ctx.path() : answered.path;
      } catch (RuntimeException e) {
        route = ctx.path();
      }
      s.identity()
          .audit()
          .append(
              new AuditEvent(
                  0,
                  s.clock().instant(),
                  user,
                  profile.length() > 63 ? "" : profile,
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
