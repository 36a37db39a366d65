package dev.skiff.server.notebook;

import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookEndpoint;
import dev.skiff.engine.notebook.Notebooks;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Caller;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides whether a request may reach a notebook server, before anything is forwarded: the caller
 * (Skiff's session cookie or an API token), their role in the notebook's profile (edit: reaching a
 * server runs code there), where a browser sent it from, and whether the server runs.
 *
 * <ul>
 *   <li>no credentials: a browser's page request goes to the sign-in page and comes back, anything
 *       else is a 401;
 *   <li>no role in the profile: 404 (the notebook's existence is not revealed); view only: 403;
 *   <li>a change (not GET, HEAD, OPTIONS) made with the session cookie, and every WebSocket upgrade
 *       made with it, must name this server in {@code Origin}; a request that names another origin
 *       is refused whatever its credentials (403). The proxy adds the server's own token, which
 *       bypasses Jupyter's XSRF check, so this is the defence against cross-site requests.
 * </ul>
 */
final class NotebookAccess {
  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final Supplier<Notebooks> notebooks;
  private final ApiAuthFilter auth;

  NotebookAccess(Supplier<Notebooks> notebooks, ApiAuthFilter auth) {
    this.notebooks = notebooks;
    this.auth = auth;
  }

  /**
   * A request that may reach a running notebook server.
   *
   * @param caller who sends it
   * @param path the notebook and the forwarded path
   * @param endpoint where the server answers
   */
  record Granted(Caller caller, NotebookPath path, NotebookEndpoint endpoint) {}

  /** The notebook does not run now: the caller may start it (edit role), so they are told. */
  static final class NotRunning extends RuntimeException {
    private final transient Notebook notebook;
    private final transient Caller caller;

    NotRunning(Notebook notebook, Caller caller) {
      super(
          "notebook " + notebook.name() + " is " + notebook.status().display(), null, false, false);
      this.notebook = notebook;
      this.caller = caller;
    }

    Notebook notebook() {
      return notebook;
    }

    Caller caller() {
      return caller;
    }
  }

  /** A browser without credentials: sent to the sign-in page, which brings it back. */
  static final class SignInFirst extends RuntimeException {
    private final String location;

    SignInFirst(String location) {
      super("sign in first", null, false, false);
      this.location = location;
    }

    String location() {
      return location;
    }
  }

  /** The base path without its final slash: redirected to the base (a GET), else a 404. */
  static final class BareBase extends RuntimeException {
    private final transient NotebookPath path;

    BareBase(NotebookPath path) {
      super("the notebook's address ends with '/'", null, false, false);
      this.path = path;
    }

    NotebookPath path() {
      return path;
    }
  }

  /**
   * Checks an HTTP request.
   *
   * @throws SignInFirst to the sign-in page for a browser without credentials
   * @throws UnauthorizedResponse for other requests without credentials
   * @throws CatalogException.NotFound when the caller has no role in the profile, or no such
   *     notebook
   * @throws ForbiddenResponse for a cross-origin or cookie request without this server's Origin
   * @throws CatalogException.Forbidden for a caller without the edit role
   * @throws NotRunning when the server does not run
   * @throws BareBase for {@code /notebook/p/n}
   */
  Granted http(Context ctx) {
    NotebookPath path = NotebookPath.parse(ctx.req().getRequestURI());
    Caller caller = caller(ctx, true);
    boolean unsafe = !SAFE.contains(ctx.method());
    checkOrigin(ctx, caller, unsafe);
    return reach(caller, path);
  }

  /**
   * Checks a WebSocket upgrade, answered as HTTP when refused (no upgrade happens).
   *
   * @throws UnauthorizedResponse without credentials
   * @throws ForbiddenResponse unless the upgrade is a session cookie's from this server's origin or
   *     an API token's (from no origin, or this one)
   * @throws CatalogException.NotFound when the caller has no role in the profile, or no such
   *     notebook
   * @throws CatalogException.Forbidden for a caller without the edit role
   * @throws NotRunning when the server does not run
   */
  Granted webSocket(Context ctx) {
    NotebookPath path = NotebookPath.parse(ctx.req().getRequestURI());
    Caller caller = caller(ctx, false);
    checkOrigin(ctx, caller, true);
    return reach(caller, path);
  }

  private Caller caller(Context ctx, boolean mayRedirect) {
    Optional<Caller> caller = auth.identify(ctx);
    if (caller.isPresent()) {
      return caller.get();
    }
    String accept = ctx.header("Accept");
    if (mayRedirect
        && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)
        && accept != null
        && accept.contains("text/html")) {
      String next = ctx.req().getRequestURI();
      if (ctx.queryString() != null) {
        next += "?" + ctx.queryString();
      }
      throw new SignInFirst(DashboardPaths.SIGN_IN + "?next=" + DashboardPaths.query(next));
    }
    ctx.header("WWW-Authenticate", "Bearer");
    throw new UnauthorizedResponse(
        "sign in first: a notebook server is reached with the dashboard's session or"
            + " 'Authorization: Bearer TOKEN' (create one with `skiff tokens create`)");
  }

  private void checkOrigin(Context ctx, Caller caller, boolean unsafe) {
    String origin = ctx.header("Origin");
    boolean own = auth.fromOwnOrigin(ctx);
    if (origin != null && !own && (unsafe || ctx.header("Sec-WebSocket-Key") != null)) {
      throw new ForbiddenResponse("cross-origin request refused (Origin " + shown(origin) + ")");
    }
    if (unsafe && ambient(caller) && !own) {
      throw new ForbiddenResponse(
          "a change to a notebook server made with the browser's sign-in must come from this"
              + " server's pages (Origin header)");
    }
    String fetchSite = ctx.header("Sec-Fetch-Site");
    if (unsafe && fetchSite != null && fetchSite.strip().equalsIgnoreCase("cross-site")) {
      throw new ForbiddenResponse("cross-site request refused (Sec-Fetch-Site: cross-site)");
    }
  }

  /**
   * Whether the browser sends the caller's credential by itself on any request: the session cookie,
   * or the header an identity-aware proxy (IAP, oauth2-proxy) adds to whatever it forwards.
   */
  private static boolean ambient(Caller caller) {
    return switch (caller.identity().method()) {
      case SESSION, IAP, PROXY -> true;
      case LOCAL_TOKEN, API_TOKEN -> false;
    };
  }

  private Granted reach(Caller caller, NotebookPath path) {
    Requester who = caller.requester();
    if (!who.has(path.profile(), ProfileRole.VIEW)) {
      throw new CatalogException.NotFound(
          "no notebook " + path.name() + " in profile " + path.profile());
    }
    if (!who.has(path.profile(), ProfileRole.EDIT)) {
      who.require(path.profile(), ProfileRole.EDIT); // throws Forbidden naming the role
    }
    if (path.rest() == null) {
      throw new BareBase(path);
    }
    Notebooks service = notebooks.get();
    Optional<NotebookEndpoint> endpoint = service.endpoint(who, path.profile(), path.name());
    if (endpoint.isEmpty()) {
      throw new NotRunning(service.get(who, path.profile(), path.name()), caller);
    }
    return new Granted(caller, path, endpoint.get());
  }

  private static String shown(String s) {
    String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    return t.chars().anyMatch(Character::isISOControl) ? "(unprintable)" : t;
  }
}
