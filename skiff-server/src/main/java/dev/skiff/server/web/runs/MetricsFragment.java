package dev.skiff.server.web.runs;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.run.RunView;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /p/{profile}/runs/{runId}/metrics}: a fragment for the run page with the run's scalar
 * metrics as a table, its ROC curves in one chart and a confusion matrix per classification metrics
 * artifact, drawn as SVG on the server ({@link MetricsReport}, {@link RocChart}, {@link
 * ConfusionChart}); {@code …/metrics/page} shows the same on a page of its own.
 */
public final class MetricsFragment {
  private final Pages pages;

  MetricsFragment(Pages pages) {
    this.pages = pages;
  }

  /**
   * The fragment's model.
   *
   * @param roc the ROC curves of the run, or null when it logged none
   * @param matrices one confusion matrix per classification artifact that has one
   */
  public record Model(MetricsReport report, RocChart roc, List<ConfusionChart> matrices) {}

  /** The metrics on a page of their own (to share): the fragment in the layout. */
  public record PageModel(PageChrome chrome, String runName, String runHref, Model metrics) {}

  void show(Context ctx, Catalog catalog) {
    String profile = WebRequest.profile(ctx);
    RunView view = RunAccess.run(ctx, catalog, profile, ctx.pathParam("runId"));
    pages.render(ctx, "runs/metrics.jte", model(MetricsReport.of(view)));
  }

  void page(Context ctx, Catalog catalog) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "runs");
    RunView view = RunAccess.run(ctx, catalog, profile, ctx.pathParam("runId"));
    String name =
        view.run().displayName().isBlank() ? view.run().pipelineName() : view.run().displayName();
    pages.render(
        ctx,
        "runs/metricspage.jte",
        new PageModel(
            chrome,
            name,
            chrome.base("runs/" + DashboardPaths.segment(view.run().id())),
            model(MetricsReport.of(view))));
  }

  static Model model(MetricsReport report) {
    List<RocChart.Input> curves = new ArrayList<>();
    List<ConfusionChart> matrices = new ArrayList<>();
    for (MetricsReport.Classification c : report.classifications()) {
      if (!c.roc().isEmpty()) {
        curves.add(new RocChart.Input(c.label(), c.roc()));
      }
      if (!c.matrix().isEmpty()) {
        matrices.add(ConfusionChart.of("Confusion matrix of " + c.label(), c.labels(), c.matrix()));
      }
    }
    RocChart roc = curves.isEmpty() ? null : RocChart.of("ROC curve", curves);
    return new Model(report, roc, matrices);
  }
}
