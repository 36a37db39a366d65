package dev.skiff.server.web;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.auth.ApiAuthFilter;
import dev.skiff.server.auth.Caller;
import dev.skiff.server.config.AuthSettings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * The web dashboard: server-rendered pages over the same service layer as the API (the catalog,
 * with the caller's roles), signed in by the same authenticators. Pages only read; every change a
 * page offers is a call of the JSON API from the page's script, with the session's CSRF token.
 *
 * <p>Each area of the dashboard is one {@link Area} that registers its pages; this class holds what
 * they share (templates, the caller's chrome, static assets, sign-in and the home page).
 */
public final class Dashboard {
  /** One area of the dashboard (runs, pipelines, ...): registers its pages. */
  public interface Area {
    /** Registers the area's pages (paths under {@code /p/{profile}/} or {@code /admin}). */
    void install(RoutesConfig routes, Pages pages, EngineSlot slot);
  }

  private final EngineSlot slot;
  private final ApiAuthFilter auth;
  private final AuthSettings settings;
  private final Pages pages = new Pages();
  private final List<Area> areas;

  /**
   * A dashboard over the engine's catalog.
   *
   * @param slot the engine (pages answer 503 until it is ready, like the API)
   * @param auth the API's authenticators, which establish the caller of a page too
   * @param settings the sign-in mode, which decides the sign-in page and the sign-out control
   * @param areas the dashboard's areas
   */
  public Dashboard(EngineSlot slot, ApiAuthFilter auth, AuthSettings settings, List<Area> areas) {
    this.slot = slot;
    this.auth = auth;
    this.settings = settings;
    this.areas = List.copyOf(areas);
  }

  /** The template renderer (also used by the benchmark). */
  public Pages pages() {
    return pages;
  }

  /** Registers the sign-in page, the home page, static assets and every area's pages. */
  public void install(RoutesConfig routes) {
    new StaticAssets().install(routes);
    SignInPage signIn = new SignInPage(settings, pages);
    routes.get(DashboardPaths.SIGN_IN, signIn::show);
    routes.before("/p/*", this::signedIn);
    routes.before("/admin", this::signedIn);
    routes.before("/admin/*", this::signedIn);
    routes.get("/", this::root);
    HomePage home = new HomePage(pages);
    pages.get(routes, "/p/{profile}", ctx -> home.show(ctx, catalog()));
    for (Area a : areas) {
      a.install(routes, pages, slot);
    }
  }

  private Catalog catalog() {
    return slot.catalog();
  }

  /** A page needs a caller; a browser without one goes to the sign-in page and comes back. */
  private void signedIn(Context ctx) {
    Optional<Caller> caller = auth.identify(ctx);
    if (caller.isEmpty()) {
      String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
      ctx.redirect(DashboardPaths.SIGN_IN + "?next=" + DashboardPaths.query(next));
      ctx.skipRemainingHandlers();
      return;
    }
    WebRequest.signOutStyle(ctx, signOutStyle());
  }

  private String signOutStyle() {
    return switch (settings.mode()) {
      case LOCAL -> "post";
      case OIDC -> "link";
      default -> "none";
    };
  }

  /** {@code /}: the home page of the caller's default profile, or the sign-in page. */
  private void root(Context ctx) {
    Optional<Caller> caller = auth.identify(ctx);
    if (caller.isEmpty()) {
      ctx.redirect(DashboardPaths.SIGN_IN);
      return;
    }
    String profile = caller.get().profile();
    if (profile.isEmpty()) {
      profile =
          catalog().profiles().list(caller.get().requester()).stream()
              .map(v -> v.profile().name())
              .filter(n -> !n.equals(ProfileCatalog.SHARED))
              .findFirst()
              .orElse(ProfileCatalog.SHARED);
    }
    ctx.redirect(DashboardPaths.profile(profile, ""));
  }
}
