package dev.skiff.server.web.profiles;

import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import io.javalin.config.RoutesConfig;

/**
 * {@code /p/{profile}/notebooks}: the navigation entry of notebook servers, which this version does
 * not run yet; the page says so instead of offering controls that do nothing.
 */
public final class NotebooksArea implements Dashboard.Area {
  /** The page's model. */
  public record Model(PageChrome chrome) {}

  @Override
  public void install(RoutesConfig routes, Pages pages, EngineSlot slot) {
    pages.get(
        routes,
        "/p/{profile}/notebooks",
        ctx -> {
          String profile = WebRequest.profile(ctx);
          pages.render(
              ctx,
              "profiles/notebooks.jte",
              new Model(WebRequest.chrome(ctx, slot.catalog(), profile, "notebooks")));
        });
  }
}
