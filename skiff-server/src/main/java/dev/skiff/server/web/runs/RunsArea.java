package dev.skiff.server.web.runs;

import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.Pages;
import io.javalin.config.RoutesConfig;

/**
 * The runs area of the dashboard: the runs list, the task panel with its live log, artifact
 * previews, a run's metrics and the comparison of runs. Every page reads through the catalog with
 * the caller's roles; pages of a run answer 404 for a run outside the page's profile.
 */
public final class RunsArea implements Dashboard.Area {
  /** The runs list. */
  public static final String LIST = "/p/{profile}/runs";

  /** A task's panel (a fragment); {@code taskPath} is one segment, its '/' encoded as %2F. */
  public static final String TASK = "/p/{profile}/runs/{runId}/tasks/{taskPath}";

  /** A task's panel on a page of its own. */
  public static final String TASK_PAGE = TASK + "/page";

  /** An artifact's preview ({@code ?task=PATH&name=OUTPUT}). */
  public static final String ARTIFACT = "/p/{profile}/runs/{runId}/artifacts";

  /** An artifact as an image or a sandboxed document ({@code ?task=PATH&name=OUTPUT}). */
  public static final String ARTIFACT_RAW = ARTIFACT + "/raw";

  /** A run's metrics (a fragment). */
  public static final String METRICS = "/p/{profile}/runs/{runId}/metrics";

  /** A run's metrics on a page of their own. */
  public static final String METRICS_PAGE = METRICS + "/page";

  /** Runs side by side ({@code ?runs=a,b}). */
  public static final String COMPARE = "/p/{profile}/compare";

  @Override
  public void install(RoutesConfig routes, Pages pages, EngineSlot slot) {
    RunsListPage list = new RunsListPage(pages);
    TaskPanel task = new TaskPanel(pages);
    ArtifactPreview artifacts = new ArtifactPreview(pages, slot);
    MetricsFragment metrics = new MetricsFragment(pages);
    ComparePage compare = new ComparePage(pages);
    pages.get(routes, LIST, ctx -> list.show(ctx, slot.catalog()));
    pages.get(routes, TASK, ctx -> task.fragment(ctx, slot.catalog()));
    pages.get(routes, TASK_PAGE, ctx -> task.page(ctx, slot.catalog()));
    pages.get(routes, ARTIFACT, ctx -> artifacts.page(ctx, slot.catalog()));
    pages.get(routes, ARTIFACT_RAW, ctx -> artifacts.raw(ctx, slot.catalog()));
    pages.get(routes, METRICS, ctx -> metrics.show(ctx, slot.catalog()));
    pages.get(routes, METRICS_PAGE, ctx -> metrics.page(ctx, slot.catalog()));
    pages.get(routes, COMPARE, ctx -> compare.show(ctx, slot.catalog()));
  }
}
