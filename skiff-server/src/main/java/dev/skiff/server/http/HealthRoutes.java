package dev.skiff.server.http;

import dev.skiff.store.Database;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Liveness and readiness, as Kubernetes probes expect them.
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the process serves HTTP at all.
 *   <li>{@code GET /readyz}: 200 when the database answers and its migrations are applied, else 503
 *       with a problem body saying which check failed.
 * </ul>
 */
public final class HealthRoutes {
  private final CompletableFuture<Database> database;
  private final ProblemMapper problems;

  public HealthRoutes(CompletableFuture<Database> database, ProblemMapper problems) {
    this.database = database;
    this.problems = problems;
  }

  public void install(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get(
        "/readyz",
        ctx -> {
          Database db =
              database.isDone() && !database.isCompletedExceptionally() ? database.join() : null;
          if (db == null) {
            problems.write(ctx, 503, "database is still opening");
          } else if (!db.ping()) {
            problems.write(ctx, 503, "database is not reachable");
          } else {
            // Database.open migrates before it returns, so an open, reachable database is current.
            ctx.json(
                Map.of(
                    "status", "ready",
                    "database", db.vendor(),
                    "schemaVersion", db.schemaVersion()));
          }
        });
  }
}
