package dev.skiff.server.web.runs;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.RunCatalog;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.WebRequest;
import io.javalin.http.Context;
import java.util.List;

/**
 * Reads a run for a page of {@code /p/{profile}/runs/{runId}/…} through the catalog with the
 * caller's roles (the API's checks); a run of another profile than the page's is not found there,
 * so that a URL never shows one profile's run under another's name.
 */
final class RunAccess {
  private RunAccess() {}

  /**
   * The run of the page's {@code {runId}} in the page's {@code {profile}}.
   *
   * @throws PageException 404 when the caller may not see it or it is in another profile
   */
  static RunView run(Context ctx, Catalog catalog, String profile, String runId) {
    RunCatalog.RunDetail detail = catalog.runs().get(WebRequest.requester(ctx), runId);
    RunView view = detail.view();
    if (!view.run().options().profile().equals(profile)) {
      throw PageException.notFound("no run '" + runId + "' in profile " + profile);
    }
    return view;
  }

  /** The task at {@code path} of a run, or a 404 page. */
  static TaskRun task(RunView view, String path) {
    return view.task(path)
        .orElseThrow(
            () -> PageException.notFound("run " + view.run().id() + " has no task '" + path + "'"));
  }

  /**
   * An output artifact of a task (the first of its list, as KFP's ReadArtifact reads it), or a 404
   * page.
   */
  static RuntimeArtifact output(TaskRun task, String name) {
    List<RuntimeArtifact> list = task.outputs().artifacts().get(name);
    if (list == null || list.isEmpty()) {
      throw PageException.notFound(
          "task '" + task.path() + "' has no output artifact '" + name + "'");
    }
    return list.getFirst();
  }

  /** A required query parameter, or a 400 page. */
  static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      throw PageException.badRequest("the query parameter '" + name + "' is required");
    }
    return v;
  }
}
