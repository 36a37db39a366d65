package dev.skiff.server.web;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.run.RunRecord;
import io.javalin.http.Context;
import java.util.List;

/** {@code /p/{profile}}: a profile's home: recent runs, resources against quota, quick links. */
public final class HomePage {
  /** How many recent runs the home page lists. */
  static final int RECENT = 10;

  private final Pages pages;

  HomePage(Pages pages) {
    this.pages = pages;
  }

  /** The page's model. */
  public record Model(PageChrome chrome, List<RunRecord> recentRuns, long totalRuns) {}

  void show(Context ctx, Catalog catalog) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "home");
    var page =
        catalog
            .runs()
            .list(
                WebRequest.requester(ctx),
                profile,
                null,
                ListRequest.of(RECENT, "created_at desc"));
    pages.render(ctx, "home.jte", new Model(chrome, page.items(), page.totalSize()));
  }
}
