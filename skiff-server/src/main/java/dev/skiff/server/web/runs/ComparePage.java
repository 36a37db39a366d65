package dev.skiff.server.web.runs;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /p/{profile}/compare?runs=a,b,…}: 2 to {@value #MAX_RUNS} runs side by side: their
 * parameters (rows that differ marked), their scalar metrics, and their ROC curves in one chart.
 */
public final class ComparePage {
  /** The fewest runs to compare. */
  static final int MIN_RUNS = 2;

  /** The most runs to compare. */
  static final int MAX_RUNS = 10;

  /** What a cell shows for a parameter or metric a run does not have. */
  static final String ABSENT = "—";

  private final Pages pages;

  ComparePage(Pages pages) {
    this.pages = pages;
  }

  /** The page's model. */
  public record Model(
      PageChrome chrome, List<Run> runs, List<Row> parameters, List<Row> metrics, RocChart roc) {}

  /** A compared run. */
  public record Run(String id, String name, RunState state, String href) {}

  /** One row: a name and each run's value; {@code differs} when not all are equal. */
  public record Row(String name, List<String> values, boolean differs) {}

  void show(Context ctx, Catalog catalog) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "runs");
    List<String> ids = runIds(ctx.queryParams("runs"));
    List<RunView> views = new ArrayList<>();
    for (String id : ids) {
      views.add(RunAccess.run(ctx, catalog, profile, id));
    }
    pages.render(ctx, "runs/compare.jte", model(chrome, views));
  }

  /**
   * The run ids of the {@code runs} parameters (comma-separated, or repeated as a form sends them),
   * in order, each once.
   *
   * @throws PageException 400 unless there are 2 to 10
   */
  static List<String> runIds(List<String> params) {
    Set<String> ids = new LinkedHashSet<>();
    for (String p : params) {
      for (String part : p.split(",")) {
        if (!part.isBlank()) {
          ids.add(part.strip());
        }
      }
    }
    if (ids.size() < MIN_RUNS || ids.size() > MAX_RUNS) {
      throw PageException.badRequest(
          "pick "
              + MIN_RUNS
              + " to "
              + MAX_RUNS
              + " different runs to compare (runs=ID,ID,…); got "
              + ids.size());
    }
    return List.copyOf(ids);
  }

  static Model model(PageChrome chrome, List<RunView> views) {
    List<Run> runs = new ArrayList<>();
    List<Map<String, String>> params = new ArrayList<>();
    List<Map<String, String>> metrics = new ArrayList<>();
    List<RocChart.Input> curves = new ArrayList<>();
    for (RunView v : views) {
      String name =
          v.run().displayName().isBlank() ? v.run().pipelineName() : v.run().displayName();
      runs.add(
          new Run(
              v.run().id(),
              name,
              v.run().state(),
              chrome.base("runs/" + DashboardPaths.segment(v.run().id()))));
      Map<String, String> p = new LinkedHashMap<>();
      v.run().parameters().forEach((k, value) -> p.put(k, shown(value)));
      params.add(p);
      MetricsReport report = MetricsReport.of(v);
      Map<String, String> m = new LinkedHashMap<>();
      report.scalars().forEach(s -> m.put(s.key(), s.shown()));
      metrics.add(m);
      for (MetricsReport.Classification c : report.classifications()) {
        if (!c.roc().isEmpty()) {
          curves.add(new RocChart.Input(name + ": " + c.label(), c.roc()));
        }
      }
    }
    return new Model(
        chrome,
        runs,
        rows(params),
        rows(metrics),
        curves.isEmpty() ? null : RocChart.of("ROC curves of the compared runs", curves));
  }

  /** One row per name any run has, in first-seen order. */
  static List<Row> rows(List<Map<String, String>> perRun) {
    Set<String> names = new LinkedHashSet<>();
    perRun.forEach(m -> names.addAll(m.keySet()));
    List<Row> rows = new ArrayList<>();
    for (String n : names) {
      List<String> values = perRun.stream().map(m -> m.getOrDefault(n, ABSENT)).toList();
      boolean differs = values.stream().anyMatch(v -> !Objects.equals(v, values.getFirst()));
      rows.add(new Row(n, values, differs));
    }
    return rows;
  }

  private static String shown(JsonValue v) {
    return TaskPanel.shown(v);
  }
}
