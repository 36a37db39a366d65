package dev.skiff.server.web.experiments;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredRun;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * Experiments of a profile: {@code /p/{profile}/experiments} (list with paging; {@code
 * ?archived=true} lists the archived ones) and {@code /p/{profile}/experiments/{id}} (details and
 * its newest runs). Creating, archiving and restoring go through the experiment API from the page.
 */
public final class ExperimentsArea implements Dashboard.Area {
  /** Experiments per list page. */
  static final int PAGE = 20;

  /** Runs shown on an experiment's page (the runs page lists them all). */
  static final int RUNS = 25;

  /** The list page's model. */
  public record ListModel(
      PageChrome chrome,
      List<StoredExperiment> experiments,
      long total,
      boolean archived,
      String next) {}

  /** The details page's model. */
  public record DetailModel(
      PageChrome chrome, StoredExperiment experiment, List<RunRecord> runs, long totalRuns) {
    /** Whether it is archived. */
    public boolean archived() {
      return StoredRun.ARCHIVED.equals(experiment.storageState());
    }
  }

  private Pages pages;
  private EngineSlot slot;

  @Override
  public void install(RoutesConfig routes, Pages p, EngineSlot s) {
    this.pages = p;
    this.slot = s;
    p.get(routes, "/p/{profile}/experiments", this::list);
    p.get(routes, "/p/{profile}/experiments/{id}", this::detail);
  }

  private void list(Context ctx) {
    String profile = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "experiments");
    boolean archived = "true".equals(ctx.queryParam("archived"));
    String token = ctx.queryParam("page");
    CatalogPage<StoredExperiment> page =
        catalog
            .experiments()
            .list(
                WebRequest.requester(ctx),
                profile,
                new ListRequest(
                    PAGE,
                    token == null ? "" : token,
                    "created_at desc",
                    List.of(
                        Condition.of(
                            "storage_state",
                            Op.EQUALS,
                            archived ? StoredRun.ARCHIVED : StoredRun.AVAILABLE))));
    pages.render(
        ctx,
        "experiments/list.jte",
        new ListModel(chrome, page.items(), page.totalSize(), archived, page.nextPageToken()));
  }

  private void detail(Context ctx) {
    String profile = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    Requester who = WebRequest.requester(ctx);
    StoredExperiment e = catalog.experiments().get(who, ctx.pathParam("id"));
    if (!e.profile().equals(profile)) {
      throw PageException.notFound("no experiment '" + e.id() + "' in profile " + profile);
    }
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "experiments");
    CatalogPage<RunRecord> runs =
        catalog.runs().list(who, profile, e.id(), ListRequest.of(RUNS, "created_at desc"));
    pages.render(
        ctx, "experiments/detail.jte", new DetailModel(chrome, e, runs.items(), runs.totalSize()));
  }
}
