package dev.skiff.server.web.rundetail;

import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.graph.GraphRenderer;
import io.javalin.config.RoutesConfig;

/**
 * The run page and the graphs: {@code /p/{profile}/runs/{runId}} (facts, actions, the live graph,
 * the task panel), its graph fragment {@code .../graph}, and a pipeline version's graph fragment
 * {@code /p/{profile}/pipelines/{pipelineId}/versions/{versionId}/graph} for the pipeline pages.
 */
public final class RunDetailArea implements Dashboard.Area {
  @Override
  public void install(RoutesConfig routes, Pages pages, EngineSlot slot) {
    GraphRenderer renderer = new GraphRenderer();
    PipelineSpecs specs = new PipelineSpecs();
    RunPage run = new RunPage(pages, slot, renderer, specs);
    pages.get(routes, "/p/{profile}/runs/{runId}", run::show);
    pages.get(routes, "/p/{profile}/runs/{runId}/graph", run::graph);
    PipelineGraph pipeline = new PipelineGraph(pages, slot, renderer, specs);
    pages.get(
        routes, "/p/{profile}/pipelines/{pipelineId}/versions/{versionId}/graph", pipeline::show);
  }
}
