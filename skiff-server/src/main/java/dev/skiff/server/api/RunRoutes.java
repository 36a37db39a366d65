package dev.skiff.server.api;

import dev.skiff.api.RunViews;
import dev.skiff.api.v2beta1.CreateRunRequest;
import dev.skiff.api.v2beta1.ListRunsResponse;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run endpoints of KFP's v2beta1 API that Skiff serves (JSON in KFP's shapes: the records of
 * {@code dev.skiff.api.v2beta1}); errors are problem+json.
 *
 * <ul>
 *   <li>{@code POST /apis/v2beta1/runs}: submit (body: a KFP {@code Run}, see {@link
 *       CreateRunRequest}); {@code ?cache=false} (a Skiff extension) turns caching off for the run.
 *       Answers the new Run. While too many runs wait for a driver, 429 with {@code Retry-After}
 *       (seconds); a pipeline over the configured size, 400 naming the limit; a body too large to
 *       hold such a pipeline, 413 naming it.
 *   <li>{@code GET /apis/v2beta1/runs/{run_id}}: the Run with its tasks.
 *   <li>{@code GET /apis/v2beta1/runs?page_size=N}: {@code {"runs": [...], "total_size": n}},
 *       newest first, without tasks; {@code total_size} counts every run the caller can see. No
 *       paging yet: {@code page_size} caps the list and no {@code next_page_token} is returned.
 *   <li>{@code POST /apis/v2beta1/runs/{run_id}:cancel} (and KFP's {@code :terminate}): requests a
 *       cancel and answers {@code {}} at once. A run that has already finished answers {@code {}}
 *       too: as in KFP, asking again is not an error.
 * </ul>
 *
 * A caller sees the runs of their profile and the runs outside any profile (see {@link
 * Caller#mayAccess}); any other run answers 404 like a run that does not exist, so that ids of
 * other profiles' runs cannot be probed.
 */
public final class RunRoutes {
  private static final Logger log = LoggerFactory.getLogger(RunRoutes.class);

  /** The collection path. */
  public static final String RUNS = "/apis/v2beta1/runs";

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 10_000;

  private final EngineSlot engine;
  private final long maxPipelineBytes;

  /**
   * Routes over the server's engine.
   *
   * @param maxPipelineBytes the largest pipeline a run may be submitted with
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
    routes.get(RUNS + "/{run_id}", ctx -> ctx.json(RunViews.run(visibleRun(ctx))));
    routes.post(RUNS + "/{run_id}:cancel", this::cancel);
    routes.post(RUNS + "/{run_id}:terminate", this::cancel);
  }

  private void create(Context ctx) throws Exception {
    Caller caller = ApiAuthFilter.caller(ctx);
    RunService runs = engine.runs();
    runs.checkBacklog(); // a 429 before the body is read
    // ApiRequestException (a malformed body) becomes a 400 in the ProblemMapper.
    CreateRunRequest request = CreateRunRequest.parse(body(ctx));
    boolean cache = booleanParam(ctx, "cache", true);
    // PipelineException and ParameterValueException become 400s too; the engine stores nothing
    // when it throws them.
    String id =
        runs.submit(
            request.pipelineText(),
            "pipeline_spec",
            request.parameters(),
            new RunOptions(request.runName(), caller.profile(), cache));
    log.info("run {} submitted by {} in profile {}", id, caller.user(), caller.profile());
    ctx.json(RunViews.run(runs.get(id).orElseThrow()));
  }

  /** The request body, or a 413 that names the limit. */
  private String body(Context ctx) {
    long limit = maxRequestBytes(maxPipelineBytes);
    long declared = ctx.contentLength();
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
      return ctx.body();
    } catch (HttpResponseException e) {
      if (e.getStatus() == HttpStatus.CONTENT_TOO_LARGE.getCode()) {
        throw new HttpResponseException(HttpStatus.CONTENT_TOO_LARGE.getCode(), tooLarge, Map.of());
      }
      throw e;
    }
  }

  private void list(Context ctx) {
    Set<String> profiles = visibleProfiles(ApiAuthFilter.caller(ctx));
    int size = pageSize(ctx);
    RunService runs = engine.runs();
    // The newest `size` of each visible profile, merged newest first.
    List<RunRecord> visible = new ArrayList<>();
    long total = 0;
    for (String profile : profiles) {
      visible.addAll(runs.list(profile, size));
      total += runs.count(profile);
    }
    List<Run> page =
        visible.stream()
            .sorted(
                Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::id).reversed())
            .limit(size)
            .map(RunViews::summary)
            .toList();
    ctx.json(new ListRunsResponse(page, total, null));
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
    ctx.json(Map.of());
  }

  /**
   * The run named by the {@code run_id} path parameter.
   *
   * @throws NotFoundResponse when it does not exist or the caller may not see it
   */
  RunView visibleRun(Context ctx) {
    return visibleRun(ctx, ctx.pathParam("run_id"));
  }

  /**
   * The run {@code id}.
   *
   * @throws NotFoundResponse when it does not exist or the caller may not see it
   */
  RunView visibleRun(Context ctx, String id) {
    return engine
        .runs()
        .get(id)
        .filter(v -> ApiAuthFilter.caller(ctx).mayAccess(v.run().options().profile()))
        .orElseThrow(() -> new NotFoundResponse("no run '" + id + "'"));
  }

  /** The profiles whose runs the caller sees: their own and "" (runs outside any profile). */
  private static Set<String> visibleProfiles(Caller caller) {
    Set<String> profiles = new LinkedHashSet<>();
    profiles.add(caller.profile());
    profiles.add("");
    return profiles;
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
}
