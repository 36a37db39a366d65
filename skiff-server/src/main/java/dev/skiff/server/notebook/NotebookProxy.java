package dev.skiff.server.notebook;

import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookStatus;
import dev.skiff.engine.notebook.Notebooks;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Caller;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.Pages;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The reverse proxy in front of notebook servers: {@code /notebook/{profile}/{name}/**}, HTTP
 * (every method, bodies streamed both ways) and WebSockets (kernels, terminals), to the server that
 * {@link Notebooks#endpoint} names, with the server's own token added and Skiff's credentials kept
 * back.
 *
 * <p>Every request and every WebSocket upgrade is checked first ({@link NotebookAccess}): the
 * caller, their edit role in the profile, and the origin of a browser's request. A notebook that
 * does not run answers 503: a page with its status, its reason and a Start button for a browser, a
 * problem for other clients.
 *
 * <p>Answers carry the server's own Content-Security-Policy instead of the dashboard's (Jupyter's
 * pages run inline scripts) and {@code X-Frame-Options: SAMEORIGIN}. The notebook's pages run on
 * the dashboard's origin, as in Kubeflow: a member with the edit role can run code in the profile
 * anyway, and the session cookie is HttpOnly; the server's token never reaches the browser.
 */
public final class NotebookProxy {
  /** Methods forwarded (Javalin routes each separately). */
  private static final List<HandlerType> METHODS =
      List.of(
          HandlerType.GET,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE,
          HandlerType.HEAD,
          HandlerType.OPTIONS);

  private final NotebookAccess access;
  private final ApiAuthFilter auth;
  private final HttpClient client;
  private final Pages pages = new Pages();

  /**
   * A proxy to the servers of {@code notebooks}.
   *
   * @param notebooks the notebook service (may throw 503 while the server starts)
   * @param auth the server's authentication (the same filter the API uses)
   */
  public NotebookProxy(Supplier<Notebooks> notebooks, ApiAuthFilter auth) {
    this.auth = auth;
    this.access = new NotebookAccess(notebooks, auth);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  /** Registers {@code /notebook/*} for HTTP and WebSocket upgrades. */
  public void install(RoutesConfig routes) {
    for (HandlerType method : METHODS) {
      routes.addHttpHandler(method, NotebookPath.PREFIX + "*", this::http);
    }
    new WebSocketRelay(access, client).install(routes);
    routes.exception(BadGateway.class, BadGateway::answer);
  }

  private void http(Context ctx) throws Exception {
    NotebookAccess.Granted granted;
    try {
      granted = access.http(ctx);
    } catch (NotebookAccess.SignInFirst e) {
      ctx.redirect(e.location());
      return;
    } catch (NotebookAccess.BareBase e) {
      if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
        throw new HttpResponseException(404, "a notebook's address ends with '/'", Map.of());
      }
      ctx.redirect(e.path().base());
      return;
    } catch (NotebookAccess.NotRunning e) {
      notRunning(ctx, e.notebook(), e.caller());
      return;
    }
    new HttpForwarder(client, new ForwardedHeaders(auth.settings())).forward(ctx, granted);
  }

  /** 503: a page for a browser, a problem for other clients. */
  private void notRunning(Context ctx, Notebook nb, Caller caller) {
    String status = nb.status().display();
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/html")) {
      throw new HttpResponseException(
          503,
          "notebook "
              + nb.name()
              + " of profile "
              + nb.profile()
              + " is "
              + status
              + (nb.reason().isEmpty() ? "" : ": " + nb.reason())
              + startHint(nb),
          Map.of());
    }
    String role = caller.requester().role(nb.profile()).map(ProfileRole::wire).orElse("view");
    String csrf = caller.identity().csrf() == null ? "" : caller.identity().csrf();
    String signOut =
        switch (auth.settings().mode()) {
          case LOCAL -> "post";
          case OIDC -> "link";
          default -> "none";
        };
    PageChrome chrome =
        new PageChrome(
            caller.user(),
            caller.identity().displayName().isBlank()
                ? caller.user()
                : caller.identity().displayName(),
            csrf,
            nb.profile(),
            role,
            List.of(new PageChrome.ProfileLink(nb.profile(), role)),
            caller.requester().platformAdmin(),
            "notebooks",
            signOut);
    NotRunningPage page =
        new NotRunningPage(
            chrome,
            nb.profile(),
            nb.name(),
            status,
            nb.reason(),
            startable(nb.status()),
            startApi(nb),
            nb.status() == NotebookStatus.PENDING || nb.status() == NotebookStatus.STOPPING,
            DashboardPaths.profile(nb.profile(), "notebooks"));
    pages.render(ctx, "notebookproxy/not-running.jte", page);
    ctx.status(503);
    if (page.waiting()) {
      ctx.header("Retry-After", "3");
    }
  }

  private static boolean startable(NotebookStatus s) {
    return s == NotebookStatus.STOPPED || s == NotebookStatus.FAILED;
  }

  private static String startApi(Notebook nb) {
    return "/api/v1/profiles/" + nb.profile() + "/notebooks/" + nb.name();
  }

  private static String startHint(Notebook nb) {
    return startable(nb.status())
        ? " (start it: PATCH " + startApi(nb) + " with {\"stopped\": false})"
        : " (try again shortly)";
  }
}
