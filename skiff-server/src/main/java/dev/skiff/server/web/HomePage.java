package dev.skiff.server.web;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.server.web.profiles.QuotaRow;
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

  /**
   * The page's model.
   *
   * @param chrome the header
   * @param recentRuns the newest runs, newest first
   * @param totalRuns how many runs the profile has
   * @param resources what the profile's running steps use now against its quota
   * @param waitingSteps how many steps wait for the quota
   */
  public record Model(
      PageChrome chrome,
      List<RunRecord> recentRuns,
      long totalRuns,
      List<QuotaRow> resources,
      int waitingSteps) {}

  void show(Context ctx, Catalog catalog) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "home");
    Requester who = WebRequest.requester(ctx);
    var page = catalog.runs().list(who, profile, null, ListRequest.of(RECENT, "created_at desc"));
    ProfileCatalog.ProfileView view = catalog.profiles().get(who, profile);
    ProfileCatalog.Usage usage = catalog.profiles().usage(who, profile);
    pages.render(
        ctx,
        "home.jte",
        new Model(
            chrome,
            page.items(),
            page.totalSize(),
            QuotaRow.compute(view.quota(), usage.usage()),
            usage.waiting()));
  }
}
