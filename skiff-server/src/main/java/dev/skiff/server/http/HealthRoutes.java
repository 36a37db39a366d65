package dev.skiff.server.http;

import dev.skiff.store.Database;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness, as Kubernetes probes expect them.
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the process serves HTTP at all.
 *   <li>{@code GET /readyz}: 200 when the API answers (the engine has started) and the database
 *       answers now (checked on every request, never a remembered flag), else 503 with a problem
 *       body saying which check failed.
 * </ul>
 */
public final class HealthRoutes {
  private final CompletableFuture<Database> database;
  private final ProblemMapper problems;
  private final BooleanSupplier apiReady;

  /**
   * @param database the database, once opened and migrated
   * @param apiReady whether the API's handlers have what they need (the engine)
   */
  public HealthRoutes(
      CompletableFuture<Database> database, ProblemMapper problems, BooleanSupplier apiReady) {
    this.database = database;
    this.problems = problems;
    this.apiReady = apiReady;
  }

  public void install(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    routes.get(
        "/readyz",
        ctx -> {
          Database db =
              database.isDone() && !database.isCompletedExceptionally() ? database.join() : null;
          Database.Health health;
          if (db == null) {
            problems.write(ctx, 503, "database is still opening");
          } else if (!apiReady.getAsBoolean()) {
            problems.write(ctx, 503, "the engine is still starting");
          } else if (!(health = db.health()).isUp()) {
            problems.write(ctx, 503, health.detail());
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
