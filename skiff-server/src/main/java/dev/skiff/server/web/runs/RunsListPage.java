package dev.skiff.server.web.runs;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.server.web.Format;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.query.InvalidQueryException;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /p/{profile}/runs}: one page of the profile's runs, newest first, filtered by the query
 * ({@link RunListQuery}), paged by the store's tokens; {@code runs-list.js} keeps the state badges
 * current from the profile's events and offers "compare" for the runs picked.
 */
public final class RunsListPage {
  /** How many experiments the filter's menu offers. */
  static final int EXPERIMENTS = 200;

  private final Pages pages;

  RunsListPage(Pages pages) {
    this.pages = pages;
  }

  /**
   * The page's model.
   *
   * @param query the filters and position as the URL gives them
   * @param runs this page's rows
   * @param total how many runs match the filters
   * @param experiments the profile's experiments, for the filter and the experiment column
   * @param states the states the filter offers
   * @param nextHref the next page's URL, or null on the last page
   * @param previousHref the previous page's URL, or null on the first
   * @param firstHref the first page's URL with the same filters
   */
  public record Model(
      PageChrome chrome,
      RunListQuery query,
      List<Row> runs,
      long total,
      List<Experiment> experiments,
      List<String> states,
      String nextHref,
      String previousHref,
      String firstHref) {}

  /** One run in the list. */
  public record Row(
      String id,
      String name,
      String pipeline,
      RunState state,
      String experiment,
      Instant createdAt,
      String duration,
      String href) {}

  /** An experiment in the filter's menu. */
  public record Experiment(String id, String name, boolean selected) {}

  void show(Context ctx, Catalog catalog) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "runs");
    RunListQuery query = RunListQuery.parse(ctx::queryParam);
    pages.render(ctx, "runs/list.jte", model(catalog, WebRequest.requester(ctx), chrome, query));
  }

  /** The model of a page (also what the benchmark renders). */
  static Model model(Catalog catalog, Requester who, PageChrome chrome, RunListQuery query) {
    String profile = chrome.profile();
    CatalogPage<RunRecord> page;
    try {
      page = catalog.runs().list(who, profile, null, query.request());
    } catch (InvalidQueryException e) {
      throw PageException.badRequest("this page link is not valid any more: " + e.getMessage());
    }
    List<StoredExperiment> experiments =
        catalog
            .experiments()
            .list(who, profile, ListRequest.of(EXPERIMENTS, "display_name asc"))
            .items();
    Map<String, String> names = new HashMap<>();
    experiments.forEach(e -> names.put(e.id(), e.displayName()));
    String base = chrome.base("runs");
    List<Row> rows =
        page.items().stream()
            .map(
                r ->
                    new Row(
                        r.id(),
                        r.displayName().isBlank() ? r.pipelineName() : r.displayName(),
                        r.pipelineName(),
                        r.state(),
                        names.getOrDefault(r.options().metadata().experimentId(), ""),
                        r.createdAt(),
                        Format.duration(r.startedAt(), r.finishedAt()),
                        base + "/" + r.id()))
            .toList();
    String previous = query.previousQuery();
    String filters = query.filterQuery();
    return new Model(
        chrome,
        query,
        rows,
        page.totalSize(),
        experiments.stream()
            .map(e -> new Experiment(e.id(), e.displayName(), e.id().equals(query.experiment())))
            .toList(),
        Arrays.stream(RunState.values()).map(Enum::name).toList(),
        page.nextPageToken().isEmpty() ? null : base + "?" + query.nextQuery(page.nextPageToken()),
        previous == null ? null : base + (previous.isEmpty() ? "" : "?" + previous),
        base + (filters.isEmpty() ? "" : "?" + filters));
  }
}
