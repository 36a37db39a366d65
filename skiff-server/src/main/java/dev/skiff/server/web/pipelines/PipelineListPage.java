package dev.skiff.server.web.pipelines;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * {@code /p/{profile}/pipelines}: the profile's pipelines, newest first, searched by name ({@code
 * q}) and paged by the catalog's page tokens ({@code page_token}; {@code n} is how many rows the
 * earlier pages showed, for the "showing" line); and, in their own section, the shared profile's
 * pipelines that match.
 */
public final class PipelineListPage {
  /** Rows per page unless {@code size} says otherwise. */
  static final int PAGE_SIZE = 20;

  /** The longest search text. */
  static final int MAX_QUERY = 200;

  private final Pages pages;
  private final EngineSlot slot;

  PipelineListPage(Pages pages, EngineSlot slot) {
    this.pages = pages;
    this.slot = slot;
  }

  /**
   * The page's model.
   *
   * @param chrome the header
   * @param query the search text (empty: all)
   * @param size the page size asked for in the URL (0: the default)
   * @param rows this page's pipelines of the profile
   * @param total how many of the profile's pipelines match
   * @param first the 1-based position of the first row
   * @param nextUrl the next page, or empty on the last
   * @param firstUrl the first page when this is a later one, else empty
   * @param shared the shared profile's matching pipelines (first page only; empty in the shared
   *     profile itself)
   * @param sharedTotal how many shared pipelines match
   */
  public record Model(
      PageChrome chrome,
      String query,
      int size,
      List<Row> rows,
      long total,
      long first,
      String nextUrl,
      String firstUrl,
      List<Row> shared,
      long sharedTotal) {

    /** The 1-based position of the last row. */
    public long last() {
      return first + rows.size() - 1;
    }

    /** Whether the shared section is shown. */
    public boolean showShared() {
      return !chrome.profile().equals(ProfileCatalog.SHARED) && firstUrl.isEmpty();
    }

    /** The list of the shared profile, with this search. */
    public String sharedUrl() {
      return DashboardPaths.profile(ProfileCatalog.SHARED, "pipelines")
          + (query.isEmpty() ? "" : "?q=" + DashboardPaths.query(query));
    }
  }

  /**
   * One pipeline in the list.
   *
   * @param id its id
   * @param name its display name
   * @param description its description
   * @param latestVersion its newest version's display name (empty without versions)
   * @param created when it was made
   * @param href its page
   */
  public record Row(
      String id,
      String name,
      String description,
      String latestVersion,
      Instant created,
      String href) {}

  void show(Context ctx) {
    String profile = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    Requester who = WebRequest.requester(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "pipelines");
    String query = query(ctx);
    int size = WebRequest.intParam(ctx, "size", 0, 1, 200);
    String token = ctx.queryParam("page_token");
    token = token == null ? "" : token.strip();
    long before = token.isEmpty() ? 0 : WebRequest.intParam(ctx, "n", 0, 0, Integer.MAX_VALUE);
    List<Condition> filter =
        query.isEmpty() ? List.of() : List.of(Condition.of("display_name", Op.IS_SUBSTRING, query));
    int pageSize = size == 0 ? PAGE_SIZE : size;
    CatalogPage<StoredPipeline> page =
        catalog
            .pipelines()
            .list(who, profile, new ListRequest(pageSize, token, "created_at desc", filter));
    List<Row> rows = rows(catalog, who, profile, page.items());
    String base = DashboardPaths.profile(profile, "pipelines");
    String keep =
        (query.isEmpty() ? "" : "q=" + DashboardPaths.query(query) + "&")
            + (size == 0 ? "" : "size=" + size + "&");
    String nextUrl =
        page.nextPageToken().isEmpty()
            ? ""
            : base
                + "?"
                + keep
                + "page_token="
                + DashboardPaths.query(page.nextPageToken())
                + "&n="
                + (before + rows.size());
    String firstUrl =
        token.isEmpty()
            ? ""
            : base + (keep.isEmpty() ? "" : "?" + keep.substring(0, keep.length() - 1));
    List<Row> shared = List.of();
    long sharedTotal = 0;
    if (!profile.equals(ProfileCatalog.SHARED) && token.isEmpty()) {
      try {
        CatalogPage<StoredPipeline> sp =
            catalog
                .pipelines()
                .list(
                    who,
                    ProfileCatalog.SHARED,
                    new ListRequest(PAGE_SIZE, "", "created_at desc", filter));
        shared = rows(catalog, who, profile, sp.items());
        sharedTotal = sp.totalSize();
      } catch (CatalogException.Forbidden | CatalogException.NotFound e) {
        // the shared profile is not readable here (a token limited to this profile): only the
        // profile's own pipelines, not a 403 for the whole list
      }
    }
    pages.render(
        ctx,
        "pipelines/list.jte",
        new Model(
            chrome,
            query,
            size,
            rows,
            page.totalSize(),
            before + 1,
            nextUrl,
            firstUrl,
            shared,
            sharedTotal));
  }

  private static String query(Context ctx) {
    String q = ctx.queryParam("q");
    if (q == null) {
      return "";
    }
    q = q.strip();
    if (q.length() > MAX_QUERY) {
      throw PageException.badRequest("the search text is longer than " + MAX_QUERY + " characters");
    }
    return q;
  }

  private static List<Row> rows(
      Catalog catalog, Requester who, String profile, List<StoredPipeline> items) {
    return items.stream()
        .map(
            p ->
                new Row(
                    p.id(),
                    p.displayName(),
                    p.description(),
                    ProfilePipelines.latest(catalog, who, p.id())
                        .map(StoredPipelineVersion::displayName)
                        .orElse(""),
                    p.createdAt(),
                    DashboardPaths.profile(profile, "pipelines/" + DashboardPaths.segment(p.id()))))
        .toList();
  }
}
