package dev.skiff.server.web.pipelines;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.server.web.graph.Expansion;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /p/{profile}/pipelines/{pipelineId}?version=...}: a pipeline with its versions (newest
 * first), the selected version's graph (a fragment) and inputs, and what the caller may do: run it,
 * upload a new version, delete a version or the pipeline.
 */
public final class PipelineDetailPage {
  private final Pages pages;
  private final EngineSlot slot;

  PipelineDetailPage(Pages pages, EngineSlot slot) {
    this.pages = pages;
    this.slot = slot;
  }

  /**
   * The page's model.
   *
   * @param chrome the header
   * @param pipeline the pipeline
   * @param shared whether it is a pipeline of the shared profile shown in another profile
   * @param canChange whether the caller may add and delete versions and delete the pipeline
   * @param versions its versions, newest first
   * @param selected the version shown, when it has any
   * @param inputs the selected version's input parameters
   * @param view which groups of the graph the page's URL opens or closes
   */
  public record Model(
      PageChrome chrome,
      StoredPipeline pipeline,
      boolean shared,
      boolean canChange,
      List<VersionRow> versions,
      Optional<StoredPipelineVersion> selected,
      List<RunFormField> inputs,
      Expansion view) {

    /** This page's path. */
    public String href() {
      return chrome.base("pipelines/" + DashboardPaths.segment(pipeline.id()));
    }

    /** The run form for the selected version. */
    public String runHref() {
      return href()
          + "/run"
          + selected.map(v -> "?version=" + DashboardPaths.query(v.id())).orElse("");
    }

    /** The fragment with the selected version's graph, with the groups the page's URL opens. */
    public String graphHref() {
      String query = view.query();
      return selected
          .map(
              v ->
                  href()
                      + "/versions/"
                      + DashboardPaths.segment(v.id())
                      + "/graph"
                      + (query.isEmpty() ? "" : "?" + query))
          .orElse("");
    }

    /** The API path of the pipeline. */
    public String apiPath() {
      return "/apis/v2beta1/pipelines/" + DashboardPaths.segment(pipeline.id());
    }
  }

  /**
   * A version in the list.
   *
   * @param version the version
   * @param href the pipeline's page with this version selected
   * @param selected whether it is the one shown
   * @param apiPath the API path of the version (for delete)
   */
  public record VersionRow(
      StoredPipelineVersion version, String href, boolean selected, String apiPath) {}

  void show(Context ctx) throws PipelineException {
    String profile = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    Requester who = WebRequest.requester(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "pipelines");
    StoredPipeline p = ProfilePipelines.get(catalog, who, profile, ctx.pathParam("pipelineId"));
    List<StoredPipelineVersion> versions = ProfilePipelines.versions(catalog, who, p.id());
    String wanted = ctx.queryParam("version");
    Optional<StoredPipelineVersion> selected;
    if (wanted == null || wanted.isBlank()) {
      selected = versions.stream().findFirst();
    } else {
      selected =
          Optional.of(
              versions.stream()
                  .filter(v -> v.id().equals(wanted.strip()))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          PageException.notFound(
                              "pipeline '"
                                  + p.displayName()
                                  + "' has no version '"
                                  + wanted
                                  + "'")));
    }
    String base = chrome.base("pipelines/" + DashboardPaths.segment(p.id()));
    List<VersionRow> rows =
        versions.stream()
            .map(
                v ->
                    new VersionRow(
                        v,
                        base + "?version=" + DashboardPaths.query(v.id()),
                        selected.map(s -> s.id().equals(v.id())).orElse(false),
                        "/apis/v2beta1/pipelines/"
                            + DashboardPaths.segment(p.id())
                            + "/versions/"
                            + DashboardPaths.segment(v.id())))
            .toList();
    List<RunFormField> inputs = List.of();
    if (selected.isPresent()) {
      inputs =
          RunFormFields.of(
              PipelineParser.parse(selected.get().spec(), "version " + selected.get().id())
                  .spec()
                  .root()
                  .inputDefinitions(),
              Map.of());
    }
    boolean shared = p.profile().equals(ProfileCatalog.SHARED) && !profile.equals(p.profile());
    pages.render(
        ctx,
        "pipelines/detail.jte",
        new Model(
            chrome,
            p,
            shared,
            who.has(p.profile(), ProfileRole.EDIT),
            rows,
            selected,
            inputs,
            Expansion.parse(ctx.queryParam("expand"), ctx.queryParam("collapse"))));
  }
}
