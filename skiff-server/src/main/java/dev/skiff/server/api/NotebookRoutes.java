package dev.skiff.server.api;

import dev.skiff.api.ApiRequestException;
import dev.skiff.api.NotebookViews;
import dev.skiff.api.RequestBodies;
import dev.skiff.api.v1.NotebookJson;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.notebook.NotebookEnvironment;
import dev.skiff.engine.notebook.NotebookLog;
import dev.skiff.engine.notebook.NotebookService;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.engine.notebook.Notebooks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Notebook servers of a profile under {@code /api/v1/profiles/{profile}/notebooks} (Kubeflow's
 * Jupyter web app API, in Skiff's JSON): list, create, get, stop and start ({@code PATCH
 * {"stopped": true|false}}), delete (optionally with the workspace), events and the server's log;
 * and {@code /api/v1/notebook-config}, what the spawner form offers. A thin shell over {@link
 * Notebooks}, which checks the caller's role.
 */
public final class NotebookRoutes {
  /** The collection path. */
  public static final String NOTEBOOKS = ProfileRoutes.PROFILES + "/{profile}/notebooks";

  /** The spawner form's configuration. */
  public static final String CONFIG = "/api/v1/notebook-config";

  /** The most log bytes one request returns. */
  static final int MAX_LOG_BYTES = 1 << 20;

  private static final int DEFAULT_LOG_BYTES = 64 * 1024;

  /** The fields a create may send, by object ("" the body, "gpus", "datavols[]"). */
  private static final Map<String, Set<String>> NEW_NOTEBOOK_FIELDS =
      Map.of(
          "",
          Set.of(
              "name", "environment", "cpu", "memory", "gpus", "env", "datavols", "configurations"),
          "gpus",
          Set.of("vendor", "num"),
          "datavols[]",
          Set.of("name", "mount"));

  private final EngineSlot engine;
  private final NotebookSettings settings;

  /** Routes over the server's notebook service, configured by {@code settings}. */
  public NotebookRoutes(EngineSlot engine, NotebookSettings settings) {
    this.engine = engine;
    this.settings = settings;
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.get(CONFIG, this::config);
    routes.get(NOTEBOOKS, this::list);
    routes.post(NOTEBOOKS, this::create);
    routes.get(NOTEBOOKS + "/{name}", this::get);
    routes.patch(NOTEBOOKS + "/{name}", this::patch);
    routes.delete(NOTEBOOKS + "/{name}", this::delete);
    routes.get(NOTEBOOKS + "/{name}/events", this::events);
    routes.get(NOTEBOOKS + "/{name}/logs", this::logs);
  }

  private Notebooks notebooks() {
    return engine.notebooks();
  }

  private void config(Context ctx) {
    Notebooks service = notebooks();
    ctx.json(
        new NotebookJson.Config(
            service.environments().stream().map(NotebookViews::view).toList(),
            List.of(NotebookViews.NVIDIA),
            service instanceof NotebookService s ? s.gpusFree() : null,
            NotebookViews.duration(settings.cullIdleAfter()),
            settings.configurations().keySet().stream().sorted().toList()));
  }

  private void list(Context ctx) {
    ctx.json(
        new NotebookJson.NotebookList(
            notebooks().list(ApiRequests.requester(ctx), ctx.pathParam("profile")).stream()
                .map(NotebookViews::view)
                .toList()));
  }

  private void create(Context ctx) {
    String text = ApiRequests.body(ctx);
    NotebookJson.NewNotebook body =
        RequestBodies.read(text, NotebookJson.NewNotebook.class, "a new notebook server");
    KnownFields.check(text, NEW_NOTEBOOK_FIELDS);
    var made =
        notebooks()
            .create(
                ApiRequests.requester(ctx),
                ctx.pathParam("profile"),
                NotebookViews.spec(
                    body,
                    body.environment() == null || body.environment().isBlank()
                        ? defaultEnvironment()
                        : body.environment()));
    ctx.status(201).json(NotebookViews.view(made));
  }

  /** The first environment that can be used here, for a request that names none. */
  private String defaultEnvironment() {
    List<NotebookEnvironment> all = notebooks().environments();
    return all.stream()
        .filter(e -> e.unavailable().isEmpty())
        .map(NotebookEnvironment::name)
        .findFirst()
        .orElseThrow(
            () ->
                new CatalogException.Invalid(
                    all.isEmpty()
                        ? "no notebook environment is configured (notebooks.environments)"
                        : "no notebook environment can be used here: "
                            + all.getFirst().name()
                            + ": "
                            + all.getFirst().unavailable().orElse("")));
  }

  private void get(Context ctx) {
    ctx.json(
        NotebookViews.view(
            notebooks()
                .get(ApiRequests.requester(ctx), ctx.pathParam("profile"), ctx.pathParam("name"))));
  }

  private void patch(Context ctx) {
    String text = ApiRequests.body(ctx);
    NotebookJson.Patch body =
        RequestBodies.read(text, NotebookJson.Patch.class, "a notebook change");
    KnownFields.check(text, Map.of("", Set.of("stopped")));
    if (body.stopped() == null) {
      throw new ApiRequestException(
          "stopped is required: true to stop the server (the workspace is kept), false to start"
              + " it");
    }
    var who = ApiRequests.requester(ctx);
    String profile = ctx.pathParam("profile");
    String name = ctx.pathParam("name");
    ctx.json(
        NotebookViews.view(
            body.stopped()
                ? notebooks().stop(who, profile, name)
                : notebooks().start(who, profile, name)));
  }

  private void delete(Context ctx) {
    boolean workspace = ApiRequests.booleanParam(ctx, "delete_workspace", false);
    notebooks()
        .delete(
            ApiRequests.requester(ctx), ctx.pathParam("profile"), ctx.pathParam("name"), workspace);
    ctx.status(204);
  }

  private void events(Context ctx) {
    ctx.json(
        new NotebookJson.EventList(
            notebooks()
                .events(ApiRequests.requester(ctx), ctx.pathParam("profile"), ctx.pathParam("name"))
                .stream()
                .map(NotebookViews::view)
                .toList()));
  }

  private void logs(Context ctx) {
    long offset = number(ctx, "offset", 0, Long.MAX_VALUE, 0);
    int max = (int) number(ctx, "max_bytes", 1, MAX_LOG_BYTES, DEFAULT_LOG_BYTES);
    NotebookLog log =
        notebooks()
            .logs(
                ApiRequests.requester(ctx),
                ctx.pathParam("profile"),
                ctx.pathParam("name"),
                offset,
                max);
    ctx.json(new NotebookJson.Log(log.text(), log.next()));
  }

  private static long number(Context ctx, String name, long min, long max, long absent) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return absent;
    }
    try {
      long n = Long.parseLong(text.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiRequestException(
        name + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }
}
