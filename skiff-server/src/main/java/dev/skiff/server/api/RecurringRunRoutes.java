package dev.skiff.server.api;

import dev.skiff.api.RecurringRunViews;
import dev.skiff.api.RequestBodies;
import dev.skiff.api.v2beta1.ListRecurringRunsResponse;
import dev.skiff.api.v2beta1.RecurringRun;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.RecurringRunCatalog;
import dev.skiff.store.StoredRecurringRun;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KFP's v2beta1 recurring-run endpoints, a thin shell over {@link RecurringRunCatalog}: create,
 * get, list, {@code :enable}, {@code :disable}, delete. The server's {@code RecurringRunScheduler}
 * fires their ticks.
 */
public final class RecurringRunRoutes {
  private static final Logger log = LoggerFactory.getLogger(RecurringRunRoutes.class);

  /** The collection path. */
  public static final String RECURRING_RUNS = "/apis/v2beta1/recurringruns";

  private final EngineSlot engine;

  /** Routes over the server's catalog. */
  public RecurringRunRoutes(EngineSlot engine) {
    this.engine = engine;
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.post(RECURRING_RUNS, this::create);
    routes.get(RECURRING_RUNS, this::list);
    routes.get(RECURRING_RUNS + "/{recurring_run_id}", this::get);
    routes.post(RECURRING_RUNS + "/{recurring_run_id}:enable", ctx -> act(ctx, "enable"));
    routes.post(RECURRING_RUNS + "/{recurring_run_id}:disable", ctx -> act(ctx, "disable"));
    routes.delete(RECURRING_RUNS + "/{recurring_run_id}", ctx -> act(ctx, "delete"));
  }

  private RecurringRunCatalog catalog() {
    return engine.catalog().recurringRuns();
  }

  private void create(Context ctx) throws Exception {
    var who = ApiRequests.requester(ctx);
    // A malformed body (ApiRequestException), a bad trigger (CatalogException.Invalid), a pipeline
    // that does not validate or a wrong parameter: each a 400 in the ProblemMapper, nothing stored.
    RecurringRun request = RequestBodies.read(ctx.body(), RecurringRun.class, "a KFP RecurringRun");
    StoredRecurringRun made = catalog().create(who, RecurringRunViews.toNew(request));
    log.info(
        "recurring run {} ({}) created by {} in profile {}",
        made.id(),
        made.displayName(),
        who.user(),
        who.profile());
    ctx.json(RecurringRunViews.view(made));
  }

  private void get(Context ctx) {
    ctx.json(
        RecurringRunViews.view(
            catalog().get(ApiRequests.requester(ctx), ctx.pathParam("recurring_run_id"))));
  }

  private void list(Context ctx) {
    CatalogPage<StoredRecurringRun> page =
        catalog()
            .list(
                ApiRequests.requester(ctx),
                ctx.queryParam("namespace"),
                ApiRequests.param(ctx, "experiment_id", "experimentId"),
                ApiRequests.listRequest(ctx));
    ctx.json(
        new ListRecurringRunsResponse(
            page.items().stream().map(RecurringRunViews::view).toList(),
            page.totalSize(),
            page.nextPageToken()));
  }

  private void act(Context ctx, String action) {
    var who = ApiRequests.requester(ctx);
    String id = ctx.pathParam("recurring_run_id");
    switch (action) {
      case "enable" -> catalog().enable(who, id);
      case "disable" -> catalog().disable(who, id);
      default -> catalog().delete(who, id);
    }
    log.info("recurring run {}: {} by {}", id, action, who.user());
    ctx.json(Map.of());
  }
}
