package dev.skiff.server.api;

import dev.skiff.api.CatalogViews;
import dev.skiff.api.RequestBodies;
import dev.skiff.api.v2beta1.Experiment;
import dev.skiff.api.v2beta1.ListExperimentsResponse;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.ExperimentCatalog;
import dev.skiff.store.StoredExperiment;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * KFP's v2beta1 experiment endpoints, a thin shell over {@link ExperimentCatalog}: create, get,
 * list, {@code :archive} (with the experiment's runs), {@code :unarchive}, delete.
 */
public final class ExperimentRoutes {
  /** The collection path. */
  public static final String EXPERIMENTS = "/apis/v2beta1/experiments";

  private final EngineSlot engine;

  /** Routes over the server's catalog. */
  public ExperimentRoutes(EngineSlot engine) {
    this.engine = engine;
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.post(EXPERIMENTS, this::create);
    routes.get(EXPERIMENTS, this::list);
    routes.get(EXPERIMENTS + "/{experiment_id}", this::get);
    routes.post(EXPERIMENTS + "/{experiment_id}:archive", ctx -> act(ctx, "archive"));
    routes.post(EXPERIMENTS + "/{experiment_id}:unarchive", ctx -> act(ctx, "unarchive"));
    routes.delete(EXPERIMENTS + "/{experiment_id}", ctx -> act(ctx, "delete"));
  }

  private ExperimentCatalog catalog() {
    return engine.catalog().experiments();
  }

  private void create(Context ctx) {
    Experiment e = RequestBodies.read(ApiRequests.body(ctx), Experiment.class, "a KFP Experiment");
    StoredExperiment made =
        catalog()
            .create(
                ApiRequests.requester(ctx),
                new ExperimentCatalog.NewExperiment(
                    e.displayName(), e.description(), e.namespace()));
    ctx.json(CatalogViews.experiment(made));
  }

  private void get(Context ctx) {
    ctx.json(
        CatalogViews.experiment(
            catalog().get(ApiRequests.requester(ctx), ctx.pathParam("experiment_id"))));
  }

  private void list(Context ctx) {
    CatalogPage<StoredExperiment> page =
        catalog()
            .list(
                ApiRequests.requester(ctx),
                ctx.queryParam("namespace"),
                ApiRequests.listRequest(ctx));
    ctx.json(
        new ListExperimentsResponse(
            page.items().stream().map(CatalogViews::experiment).toList(),
            page.totalSize(),
            page.nextPageToken()));
  }

  private void act(Context ctx, String action) {
    var who = ApiRequests.requester(ctx);
    String id = ctx.pathParam("experiment_id");
    switch (action) {
      case "archive" -> catalog().archive(who, id);
      case "unarchive" -> catalog().unarchive(who, id);
      default -> catalog().delete(who, id);
    }
    ctx.json(Map.of());
  }
}
