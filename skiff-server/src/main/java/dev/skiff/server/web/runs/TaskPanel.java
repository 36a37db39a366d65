package dev.skiff.server.web.runs;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.Format;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The task panel: {@code /p/{profile}/runs/{runId}/tasks/{taskPath}} (a fragment the run page
 * loads; the task path is one segment, its '/' encoded) and {@code …/page} (the same in the page
 * layout, to share). It shows the task's state, inputs, outputs (artifacts with preview and
 * download links), attempts with where each ran, and a log viewer that {@code runs-task.js} streams
 * from the API's log events while the run is active.
 */
public final class TaskPanel {
  private final Pages pages;

  TaskPanel(Pages pages) {
    this.pages = pages;
  }

  /**
   * The panel's model.
   *
   * @param runName the run's name, for the standalone page's title
   * @param runHref the run page
   * @param task the task
   * @param inputs its input parameters and artifacts
   * @param outputs its output parameters and artifacts
   * @param attempts its attempts, oldest first
   * @param logUrl the API's log text of this task, followed ({@code follow=true}) while the run is
   *     active: {@code runs-task.js} streams it into the viewer
   * @param logDownload the whole log as text
   */
  public record Model(
      PageChrome chrome,
      String runId,
      String runName,
      String runHref,
      Task task,
      List<Value> inputs,
      List<Value> outputs,
      List<AttemptRow> attempts,
      String logUrl,
      String logDownload,
      boolean live) {}

  /** What the panel says about the task itself. */
  public record Task(
      String path,
      String name,
      String kind,
      String state,
      boolean cached,
      String error,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      String duration,
      String pageHref) {}

  /**
   * A parameter ({@code artifact} false: {@code text} is its JSON value) or an artifact ({@code
   * text} is its URI, {@code type} its schema, and the links are set for outputs).
   */
  public record Value(
      String name,
      boolean artifact,
      String type,
      String text,
      String previewHref,
      String downloadHref) {}

  /** One attempt. */
  public record AttemptRow(
      int number,
      String state,
      Instant startedAt,
      Instant finishedAt,
      String duration,
      String exitCode,
      String message,
      String runtime,
      String handle) {}

  void fragment(Context ctx, Catalog catalog) {
    pages.render(ctx, "runs/task.jte", model(ctx, catalog));
  }

  void page(Context ctx, Catalog catalog) {
    pages.render(ctx, "runs/task-page.jte", model(ctx, catalog));
  }

  private Model model(Context ctx, Catalog catalog) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "runs");
    String runId = ctx.pathParam("runId");
    RunView view = RunAccess.run(ctx, catalog, profile, runId);
    TaskRun t = RunAccess.task(view, ctx.pathParam("taskPath"));
    return model(chrome, view, t);
  }

  static Model model(PageChrome chrome, RunView view, TaskRun t) {
    String runId = view.run().id();
    String runHref = chrome.base("runs/" + DashboardPaths.segment(runId));
    String taskHref = runHref + "/tasks/" + DashboardPaths.segment(t.path());
    Task task =
        new Task(
            t.path(),
            t.displayName().isBlank() ? t.path() : t.displayName(),
            t.kind().name(),
            t.state().name(),
            t.cached(),
            t.error().orElse(""),
            t.createdAt(),
            t.startedAt().orElse(null),
            t.finishedAt().orElse(null),
            Format.duration(t.startedAt(), t.finishedAt()),
            taskHref + "/page");
    List<Value> inputs = values(t.inputs().parameters(), t.inputs().artifacts());
    List<Value> outputs = values(t.outputs().parameters(), t.outputs().artifacts());
    List<Value> outs = new ArrayList<>();
    for (Value v : outputs) {
      if (v.artifact()) {
        String q =
            "?task=" + DashboardPaths.query(t.path()) + "&name=" + DashboardPaths.query(v.name());
        outs.add(
            new Value(
                v.name(),
                true,
                v.type(),
                v.text(),
                runHref + "/artifacts" + q,
                "/apis/v2beta1/runs/"
                    + DashboardPaths.segment(runId)
                    + "/nodes/"
                    + DashboardPaths.segment(t.path())
                    + "/artifacts/"
                    + DashboardPaths.segment(v.name())
                    + ":read?raw=true"));
      } else {
        outs.add(v);
      }
    }
    List<AttemptRow> attempts =
        t.attempts().stream()
            .map(
                (Attempt a) ->
                    new AttemptRow(
                        a.number(),
                        a.state().name(),
                        a.startedAt(),
                        a.finishedAt().orElse(null),
                        Format.duration(Optional.of(a.startedAt()), a.finishedAt()),
                        a.exitCode().map(String::valueOf).orElse(""),
                        a.message().orElse(""),
                        a.runtime().orElse(""),
                        a.handle().orElse("")))
            .toList();
    boolean live = !view.run().state().isTerminal();
    String download =
        "/apis/v2beta1/runs/"
            + DashboardPaths.segment(runId)
            + "/logs?task="
            + DashboardPaths.query(t.path());
    String runName =
        view.run().displayName().isBlank() ? view.run().pipelineName() : view.run().displayName();
    String logs = download + (live ? "&follow=true" : "");
    return new Model(
        chrome, runId, runName, runHref, task, inputs, outs, attempts, logs, download, live);
  }

  private static List<Value> values(
      Map<String, JsonValue> parameters, Map<String, List<RuntimeArtifact>> artifacts) {
    List<Value> out = new ArrayList<>();
    parameters.forEach((k, v) -> out.add(new Value(k, false, v.kind(), shown(v), null, null)));
    artifacts.forEach(
        (k, list) -> {
          for (RuntimeArtifact a : list) {
            out.add(new Value(k, true, a.type().schemaTitle(), a.uri(), null, null));
          }
        });
    return out;
  }

  /** A parameter value: a string as it is, anything else as JSON. */
  static String shown(JsonValue v) {
    return v instanceof JsonValue.Str s ? s.value() : v.toJson();
  }
}
