package dev.skiff.server.api;

import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.service.RunJson;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run endpoints of KFP's v2beta1 API that Skiff serves (JSON in KFP's shapes, see {@link
 * RunJson}); errors are problem+json.
 *
 * <ul>
 *   <li>{@code POST /apis/v2beta1/runs}: submit (body: a KFP {@code Run}, see {@link
 *       CreateRunRequest}); {@code ?cache=false} (a Skiff extension) turns caching off for the run.
 *       Answers the new Run.
 *   <li>{@code GET /apis/v2beta1/runs/{run_id}}: the Run with its tasks.
 *   <li>{@code GET /apis/v2beta1/runs?page_size=N}: {@code {"runs": [...], "total_size": n}},
 *       newest first, without tasks. No paging yet: {@code page_size} caps the list and no {@code
 *       next_page_token} is returned.
 *   <li>{@code POST /apis/v2beta1/runs/{run_id}:cancel} (and KFP's {@code :terminate}): requests a
 *       cancel and answers {@code {}} at once. A run that has already finished answers {@code {}}
 *       too: as in KFP, asking again is not an error.
 * </ul>
 *
 * A run the caller may not access answers 404 like a run that does not exist, so that ids of other
 * profiles' runs cannot be probed.
 */
public final class RunRoutes {
  private static final Logger log = LoggerFactory.getLogger(RunRoutes.class);

  /** The collection path. */
  public static final String RUNS = "/apis/v2beta1/runs";

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 10_000;

  private final EngineSlot engine;

  /** Routes over the server's engine. */
  public RunRoutes(EngineSlot engine) {
    this.engine = engine;
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.post(RUNS, this::create);
    routes.get(RUNS, this::list);
    routes.get(RUNS + "/{run_id}", ctx -> json(ctx, RunJson.toJson(visibleRun(ctx))));
    routes.post(RUNS + "/{run_id}:cancel", this::cancel);
    routes.post(RUNS + "/{run_id}:terminate", this::cancel);
  }

  private void create(Context ctx) throws Exception {
    Caller caller = ApiAuthFilter.caller(ctx);
    CreateRunRequest request = CreateRunRequest.parse(ctx.body());
    boolean cache = booleanParam(ctx, "cache", true);
    RunService runs = engine.runs();
    // PipelineException and ParameterValueException become 400s in the ProblemMapper; the engine
    // stores nothing when it throws them.
    String id =
        runs.submit(
            request.pipelineText(),
            "pipeline_spec",
            request.parameters(),
            new RunOptions(request.displayName(), caller.profile(), cache));
    log.info("run {} submitted by {} in profile {}", id, caller.user(), caller.profile());
    json(ctx, RunJson.toJson(runs.get(id).orElseThrow()));
  }

  private void list(Context ctx) {
    Caller caller = ApiAuthFilter.caller(ctx);
    int size = pageSize(ctx);
    RunService runs = engine.runs();
    // The caller's runs and the runs outside any profile, merged newest first.
    List<RunRecord> visible = new ArrayList<>(runs.list(caller.profile(), size));
    visible.addAll(runs.list("", size));
    List<JsonValue> items =
        visible.stream()
            .sorted(
                Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::id).reversed())
            .limit(size)
            .map(r -> (JsonValue) RunJson.toJson(new RunView(r, List.of())))
            .toList();
    json(
        ctx,
        JsonValue.struct(
            Map.of("runs", JsonValue.list(items), "total_size", JsonValue.of(items.size()))));
  }

  private void cancel(Context ctx) {
    RunView view = visibleRun(ctx);
    String id = view.run().id();
    if (!view.run().state().isTerminal()) {
      // Driven here, by another process (which acts on the request within a heartbeat), or by
      // nobody any more (then this server takes it over to cancel it).
      engine.runs().cancel(id);
      log.info("run {} cancel requested by {}", id, ApiAuthFilter.caller(ctx).user());
    }
    json(ctx, JsonValue.Obj.EMPTY);
  }

  /**
   * The run named by the {@code run_id} path parameter.
   *
   * @throws io.javalin.http.NotFoundResponse when it does not exist or the caller may not see it
   */
  RunView visibleRun(Context ctx) {
    String id = ctx.pathParam("run_id");
    return engine
        .runs()
        .get(id)
        .filter(v -> ApiAuthFilter.caller(ctx).mayAccess(v.run().options().profile()))
        .orElseThrow(() -> new io.javalin.http.NotFoundResponse("no run '" + id + "'"));
  }

  private static int pageSize(Context ctx) {
    String text = ctx.queryParam("page_size");
    if (text == null || text.isBlank()) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= 1 && n <= MAX_PAGE_SIZE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequestResponse(
        "page_size must be a whole number from 1 to " + MAX_PAGE_SIZE + ", got '" + text + "'");
  }

  static boolean booleanParam(Context ctx, String name, boolean absent) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return absent;
    }
    return switch (text.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new BadRequestResponse(name + " must be true or false, got '" + text + "'");
    };
  }

  static void json(Context ctx, JsonValue value) {
    ctx.contentType("application/json").result(value.toJson());
  }
}
