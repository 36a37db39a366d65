package dev.skiff.server.web.rundetail;

import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.catalog.RunCatalog;
import dev.skiff.engine.run.RunMetadata;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.pipeline.json.JsonText;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.server.web.graph.Expansion;
import dev.skiff.server.web.graph.GraphPicture;
import dev.skiff.server.web.graph.GraphRenderer;
import dev.skiff.server.web.graph.TaskGraph;
import dev.skiff.server.web.graph.TaskGraphs;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /p/{profile}/runs/{runId}}: a run's page (its facts, the actions the caller's role
 * allows, the graph and the task panel), and {@code .../graph}: the graph alone, which the page's
 * script fetches when the run's structure grows or the reader opens a group. The view is in the
 * query: {@code ?task=} the selected task, {@code ?expand=} and {@code ?collapse=} the groups.
 */
public final class RunPage {
  private final Pages pages;
  private final EngineSlot slot;
  private final GraphRenderer renderer;
  private final PipelineSpecs specs;

  RunPage(Pages pages, EngineSlot slot, GraphRenderer renderer, PipelineSpecs specs) {
    this.pages = pages;
    this.slot = slot;
    this.renderer = renderer;
    this.specs = specs;
  }

  /**
   * The page's model.
   *
   * @param chrome the header
   * @param run the run
   * @param facts what the run was made from
   * @param parameters the bound parameters as JSON text
   * @param graph the drawn graph, or null while a large graph's first layout is made in the
   *     background (the page's script fetches the drawing)
   * @param task the selected task, or null
   * @param expansion the groups opened and closed by the reader
   */
  public record Model(
      PageChrome chrome,
      RunRecord run,
      Facts facts,
      List<Parameter> parameters,
      GraphPicture graph,
      String task,
      Expansion expansion) {

    /** The run's name (the pipeline's when it has none). */
    public String name() {
      return run.displayName().isBlank() ? run.pipelineName() : run.displayName();
    }

    /** {@code /p/{profile}/runs/{id}}. */
    public String base() {
      return chrome.base("runs/" + DashboardPaths.segment(run.id()));
    }

    /** The run's event stream. */
    public String events() {
      return "/api/v1/events?run=" + DashboardPaths.query(run.id());
    }

    /** The graph fragment for the current view. */
    public String graphUrl() {
      String q = expansion.query();
      return base() + "/graph" + (q.isEmpty() ? "" : "?" + q);
    }

    /** The selected task's panel fragment, or null when none is selected. */
    public String taskUrl() {
      return task == null ? null : base() + "/tasks/" + DashboardPaths.segment(task);
    }

    /** The run's metrics fragment. */
    public String metricsUrl() {
      return base() + "/metrics";
    }

    /** The API path of the run. */
    public String api() {
      return "/apis/v2beta1/runs/" + DashboardPaths.segment(run.id());
    }

    /** Whether the run can still be canceled. */
    public boolean active() {
      return run.state().isActive();
    }

    /** Whether the run can be retried. */
    public boolean retryable() {
      return run.state() == RunState.FAILED || run.state() == RunState.CANCELED;
    }

    /** Whether the run is archived. */
    public boolean archived() {
      return run.options().metadata().archived();
    }

    /** The run form prefilled from this run, for runs of a stored version; else null. */
    public String cloneUrl() {
      RunMetadata m = run.options().metadata();
      if (!m.fromStoredVersion()) {
        return null;
      }
      return chrome.base("pipelines/" + DashboardPaths.segment(m.pipelineId()) + "/run")
          + "?version="
          + DashboardPaths.query(m.pipelineVersionId())
          + "&from="
          + DashboardPaths.query(run.id());
    }
  }

  /**
   * What a run was made from, with names for people and links (null where there is nothing to link:
   * a pipeline sent inline, a deleted version).
   */
  public record Facts(
      String pipeline,
      String pipelineUrl,
      String version,
      String versionUrl,
      String experiment,
      String experimentUrl) {}

  /** A bound parameter. */
  public record Parameter(String name, String value) {}

  void show(Context ctx) {
    // The header first, so that an error page (no such run) has it too.
    PageChrome chrome = WebRequest.chrome(ctx, slot.catalog(), WebRequest.profile(ctx), "runs");
    Loaded l = load(ctx, true);
    String task = blankToNull(ctx.queryParam("task"));
    Model m =
        new Model(
            chrome,
            l.detail.view().run(),
            facts(l.who, chrome, l.detail.view().run()),
            parameters(l.detail.view().run().parameters()),
            l.picture,
            task,
            l.expansion);
    pages.render(ctx, "rundetail/run.jte", m);
  }

  void graph(Context ctx) {
    pages.render(ctx, "graph/svg.jte", load(ctx, false).picture);
  }

  private record Loaded(
      Requester who, RunCatalog.RunDetail detail, Expansion expansion, GraphPicture picture) {}

  /**
   * Reads the run and draws its graph; with {@code quick} (the page itself) a large graph of a new
   * shape is not drawn but laid out in the background (the picture is null).
   */
  private Loaded load(Context ctx, boolean quick) {
    String profile = WebRequest.profile(ctx);
    Requester who = WebRequest.requester(ctx);
    String id = ctx.pathParam("runId");
    RunCatalog.RunDetail detail = slot.catalog().runs().get(who, id);
    RunRecord run = detail.view().run();
    if (!run.options().profile().equals(profile)) {
      throw PageException.notFound("no run '" + id + "' in profile '" + profile + "'");
    }
    Expansion expansion = Expansion.parse(ctx.queryParam("expand"), ctx.queryParam("collapse"));
    PipelineSpec spec = spec(who, detail).orElse(null);
    TaskGraph graph = TaskGraphs.ofRun(spec, detail.view());
    String label =
        "Graph of run " + (run.displayName().isBlank() ? run.pipelineName() : run.displayName());
    GraphPicture picture =
        quick
            ? renderer.drawIfQuick(graph, expansion, "run", label).orElse(null)
            : renderer.draw(graph, expansion, "run", label);
    return new Loaded(who, detail, expansion, picture);
  }

  /** The run's pipeline: sent inline, or the stored version it was made from. */
  private Optional<PipelineSpec> spec(Requester who, RunCatalog.RunDetail detail) {
    RunRecord run = detail.view().run();
    if (detail.pipelineSpec() != null) {
      return specs.get("run " + run.id(), () -> JsonText.write(detail.pipelineSpec()));
    }
    RunMetadata m = run.options().metadata();
    if (!m.fromStoredVersion()) {
      return Optional.empty();
    }
    return specs.get(
        "version " + m.pipelineVersionId(),
        () -> {
          try {
            return slot.catalog()
                .pipelines()
                .getVersion(who, m.pipelineId(), m.pipelineVersionId())
                .spec();
          } catch (CatalogException.NotFound e) {
            return null; // deleted since: the graph shows the run's tasks
          }
        });
  }

  private Facts facts(Requester who, PageChrome chrome, RunRecord run) {
    RunMetadata m = run.options().metadata();
    String pipeline = run.pipelineName();
    String pipelineUrl = null;
    String version = m.fromStoredVersion() ? m.pipelineVersionId() : "sent with the run";
    String versionUrl = null;
    if (m.fromStoredVersion()) {
      String p = chrome.base("pipelines/" + DashboardPaths.segment(m.pipelineId()));
      try {
        pipeline = slot.catalog().pipelines().get(who, m.pipelineId()).displayName();
        pipelineUrl = p;
        version =
            slot.catalog()
                .pipelines()
                .getVersion(who, m.pipelineId(), m.pipelineVersionId())
                .displayName();
        versionUrl = p + "/versions/" + DashboardPaths.segment(m.pipelineVersionId());
      } catch (CatalogException.NotFound e) {
        version = version + " (deleted)";
      }
    }
    String experiment = m.experimentId().isEmpty() ? "none" : m.experimentId();
    String experimentUrl = null;
    if (!m.experimentId().isEmpty()) {
      try {
        experiment = slot.catalog().experiments().get(who, m.experimentId()).displayName();
        experimentUrl = chrome.base("experiments/" + DashboardPaths.segment(m.experimentId()));
      } catch (CatalogException.NotFound e) {
        experiment = experiment + " (deleted)";
      }
    }
    return new Facts(pipeline, pipelineUrl, version, versionUrl, experiment, experimentUrl);
  }

  private static List<Parameter> parameters(Map<String, JsonValue> values) {
    List<Parameter> out = new ArrayList<>(values.size());
    values.forEach(
        (k, v) ->
            out.add(
                new Parameter(k, v instanceof JsonValue.Str s ? s.value() : JsonText.write(v))));
    out.sort(java.util.Comparator.comparing(Parameter::name));
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
