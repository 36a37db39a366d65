package dev.skiff.server.api;

import dev.skiff.api.RunViews;
import dev.skiff.api.v2beta1.CreateRunRequest;
import dev.skiff.api.v2beta1.ListRunsResponse;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.RunCatalog;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KFP's v2beta1 run endpoints, a thin shell over {@link RunCatalog} (JSON in KFP's shapes: the
 * records of {@code dev.skiff.api.v2beta1}); errors are problem+json.
 *
 * <ul>
 *   <li>{@code POST /apis/v2beta1/runs}: create (body: a KFP {@code Run}, see {@link
 *       CreateRunRequest}: the pipeline inline or a stored version, an experiment or the caller's
 *       default one); {@code ?cache=false} (a Skiff extension) turns caching off for the run.
 *   <li>{@code GET /apis/v2beta1/runs/{run_id}}: the Run with its tasks and its pipeline.
 *   <li>{@code GET /apis/v2beta1/runs}: a page of runs without tasks ({@code page_size}, {@code
 *       page_token}, {@code sort_by}, {@code filter}, {@code namespace}, {@code experiment_id});
 *       {@code total_size} counts the whole filtered list.
 *   <li>{@code POST .../{run_id}:terminate} (and Skiff's {@code :cancel}), {@code :retry}, {@code
 *       :archive}, {@code :unarchive}, and {@code DELETE .../{run_id}}: answer {@code {}}.
 * </ul>
 *
 * A caller sees the runs of their profile and the runs outside any profile; any other run answers
 * 404 like a run that does not exist, so that ids of other profiles' runs cannot be probed.
 */
public final class RunRoutes {
  private static final Logger log = LoggerFactory.getLogger(RunRoutes.class);

  /** The collection path. */
  public static final String RUNS = "/apis/v2beta1/runs";

  private final EngineSlot engine;
  private final long maxPipelineBytes;

  /**
   * Routes over the server's engine.
   *
   * @param maxPipelineBytes the largest pipeline a run may be submitted with ({@code
   *     engine.maxPipelineBytes}); the request body may be somewhat larger (see {@link
   *     #maxRequestBytes})
   */
  public RunRoutes(EngineSlot engine, long maxPipelineBytes) {
    this.engine = engine;
    this.maxPipelineBytes = maxPipelineBytes;
  }

  /** Routes with the default pipeline size limit. */
  public RunRoutes(EngineSlot engine) {
    this(engine, dev.skiff.pipeline.ParseLimits.DEFAULT_MAX_BYTES);
  }

  /**
   * The largest request body accepted for a pipeline of {@code maxPipelineBytes}: the pipeline is a
   * JSON string in the body, where escapes can double its size, plus parameters.
   */
  public static long maxRequestBytes(long maxPipelineBytes) {
    return 2 * maxPipelineBytes + (1 << 20);
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.post(RUNS, this::create);
    routes.get(RUNS, this::list);
    routes.get(
        RUNS + "/{run_id}",
        ctx ->
            ctx.json(
                RunViews.run(catalog().get(ApiRequests.requester(ctx), ctx.pathParam("run_id")))));
    routes.post(RUNS + "/{run_id}:cancel", ctx -> act(ctx, "terminate"));
    routes.post(RUNS + "/{run_id}:terminate", ctx -> act(ctx, "terminate"));
    routes.post(RUNS + "/{run_id}:retry", ctx -> act(ctx, "retry"));
    routes.post(RUNS + "/{run_id}:archive", ctx -> act(ctx, "archive"));
    routes.post(RUNS + "/{run_id}:unarchive", ctx -> act(ctx, "unarchive"));
    routes.delete(RUNS + "/{run_id}", ctx -> act(ctx, "delete"));
  }

  private RunCatalog catalog() {
    return engine.catalog().runs();
  }

  private void create(Context ctx) throws Exception {
    var who = ApiRequests.requester(ctx);
    engine.runs().checkBacklog(); // a 429 before the body is read
    // ApiRequestException (a malformed body) becomes a 400 in the ProblemMapper, as do the
    // catalog's, the parser's and the parameters' errors; nothing is stored then.
    CreateRunRequest request = CreateRunRequest.parse(body(ctx));
    boolean cache = ApiRequests.booleanParam(ctx, "cache", true);
    RunCatalog.RunDetail made = catalog().create(who, request.toNewRun(cache));
    log.info(
        "run {} submitted by {} in profile {}", made.view().run().id(), who.user(), who.profile());
    ctx.json(RunViews.run(made));
  }

  private void list(Context ctx) {
    CatalogPage<RunRecord> page =
        catalog()
            .list(
                ApiRequests.requester(ctx),
                ctx.queryParam("namespace"),
                ApiRequests.param(ctx, "experiment_id", "experimentId"),
                ApiRequests.listRequest(ctx));
    ctx.json(
        new ListRunsResponse(
            page.items().stream().map(RunViews::summary).toList(),
            page.totalSize(),
            page.nextPageToken()));
  }

  private void act(Context ctx, String action) {
    var who = ApiRequests.requester(ctx);
    String id = ctx.pathParam("run_id");
    switch (action) {
      case "terminate" -> catalog().terminate(who, id);
      case "retry" -> catalog().retry(who, id);
      case "archive" -> catalog().archive(who, id);
      case "unarchive" -> catalog().unarchive(who, id);
      default -> catalog().delete(who, id);
    }
    log.info("run {}: {} by {}", id, action, who.user());
    ctx.json(Map.of());
  }

  /**
   * The run named by the {@code run_id} path parameter.
   *
   * @throws dev.skiff.engine.catalog.CatalogException.NotFound when it does not exist or the caller
   *     may not see it
   */
  RunView visibleRun(Context ctx) {
    return visibleRun(ctx, ctx.pathParam("run_id"));
  }

  /**
   * The run {@code id}, when the caller may see it.
   *
   * @throws dev.skiff.engine.catalog.CatalogException.NotFound when it does not exist or the caller
   *     may not see it
   */
  RunView visibleRun(Context ctx, String id) {
    return catalog().get(ApiRequests.requester(ctx), id).view();
  }

  /** The request body, or a 413 that names the limit. */
  private String body(Context ctx) {
    long limit = maxRequestBytes(maxPipelineBytes);
    long declared = ctx.req().getContentLengthLong();
    String tooLarge =
        "request body is larger than "
            + (limit >> 20)
            + " MiB, the most a pipeline of up to "
            + (maxPipelineBytes >> 20)
            + " MiB (engine.maxPipelineBytes) needs";
    if (declared > limit) {
      throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), tooLarge, Map.of());
    }
    try {
      return ApiRequests.body(ctx);
    } catch (HttpResponseException e) {
      if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
        throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), tooLarge, Map.of());
      }
      throw e;
    }
  }

  static boolean booleanParam(Context ctx, String name, boolean absent) {
    return ApiRequests.booleanParam(ctx, name, absent);
  }
}
