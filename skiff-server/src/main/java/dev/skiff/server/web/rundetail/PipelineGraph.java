package dev.skiff.server.web.rundetail;

import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.server.web.graph.Expansion;
import dev.skiff.server.web.graph.GraphPicture;
import dev.skiff.server.web.graph.GraphRenderer;
import dev.skiff.server.web.graph.TaskGraph;
import dev.skiff.server.web.graph.TaskGraphs;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import io.javalin.http.Context;

/**
 * {@code GET /p/{profile}/pipelines/{pipelineId}/versions/{versionId}/graph}: a pipeline version's
 * tasks as an SVG fragment (no states), for the pipeline pages to embed with {@code data-fragment};
 * {@code ?expand=} and {@code ?collapse=} as on the run page. A pipeline of another profile answers
 * 404 (the shared profile's pipelines are seen from every profile).
 */
final class PipelineGraph {
  private final Pages pages;
  private final EngineSlot slot;
  private final GraphRenderer renderer;
  private final PipelineSpecs specs;

  PipelineGraph(Pages pages, EngineSlot slot, GraphRenderer renderer, PipelineSpecs specs) {
    this.pages = pages;
    this.slot = slot;
    this.renderer = renderer;
    this.specs = specs;
  }

  void show(Context ctx) {
    String profile = WebRequest.profile(ctx);
    Requester who = WebRequest.requester(ctx);
    String pipelineId = ctx.pathParam("pipelineId");
    StoredPipeline p = slot.catalog().pipelines().get(who, pipelineId);
    if (!p.profile().equals(profile) && !p.profile().equals(ProfileCatalog.SHARED)) {
      throw PageException.notFound("no pipeline '" + pipelineId + "' in profile '" + profile + "'");
    }
    StoredPipelineVersion v =
        slot.catalog().pipelines().getVersion(who, p.id(), ctx.pathParam("versionId"));
    TaskGraph graph =
        specs
            .get("version " + v.id(), v::spec)
            .map(TaskGraphs::ofPipeline)
            .orElseThrow(
                () ->
                    PageException.badRequest("the pipeline version no longer reads as a pipeline"));
    Expansion expansion = Expansion.parse(ctx.queryParam("expand"), ctx.queryParam("collapse"));
    GraphPicture picture =
        renderer.draw(
            graph,
            expansion,
            "pipeline",
            "Graph of pipeline " + p.displayName() + ", version " + v.displayName());
    pages.render(ctx, "graph/svg.jte", picture);
  }
}
