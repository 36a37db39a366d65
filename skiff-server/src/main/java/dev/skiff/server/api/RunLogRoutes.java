package dev.skiff.server.api;

import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.logs.RunLogs;
import dev.skiff.engine.run.RunView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /apis/v2beta1/runs/{run_id}/logs?task=PATH&attempt=N&follow=true}, a Skiff extension
 * (KFP's v2beta1 API has no logs): {@code text/plain}, the same text {@code skiff logs} prints (see
 * {@link RunLogs}). With {@code follow=true} and a {@code task}, the response stays open and
 * carries what the step writes until the run has finished.
 */
public final class RunLogRoutes {
  private final EngineSlot engine;
  private final RunRoutes runRoutes;

  /** Routes over the server's engine; {@code runRoutes} decides which runs a caller sees. */
  public RunLogRoutes(EngineSlot engine, RunRoutes runRoutes) {
    this.engine = engine;
    this.runRoutes = runRoutes;
  }

  /** Installs the endpoint (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(RunRoutes.RUNS + "/{run_id}/logs", this::logs);
  }

  private void logs(Context ctx) throws IOException, InterruptedException {
    RunView view = runRoutes.visibleRun(ctx);
    String task = blankToNull(ctx.queryParam("task"));
    int attempt = attempt(ctx);
    boolean follow = RunRoutes.booleanParam(ctx, "follow", false);
    // Selecting first, so that an unknown step is a 404 problem rather than a cut-off stream.
    List<RunLogs.Section> sections = RunLogs.select(view, task, attempt);
    String id = view.run().id();
    RunService runs = engine.runs();
    ctx.status(200).contentType("text/plain; charset=utf-8");
    Writer out = new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8);
    try {
      RunLogs.write(
          id,
          runs.logs(),
          sections,
          task == null,
          follow && task != null,
          () ->
              engine.isStopping()
                  || runs.get(id).map(v -> v.run().state().isTerminal()).orElse(true),
          out);
    } catch (IOException e) {
      // the client went away while following: nothing left to do
    }
  }

  private static int attempt(Context ctx) {
    String text = blankToNull(ctx.queryParam("attempt"));
    if (text == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequestResponse(
        "attempt must be a whole number (1 = the first), got '" + text + "'");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
