package dev.skiff.server.web.pipelines;

import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.Pages;
import io.javalin.config.RoutesConfig;

/**
 * The pipelines area: the list of a profile's pipelines (and the platform's shared ones), the
 * upload page, a pipeline's page with its versions, and the run form generated from a version's
 * inputs. The pages read through the catalog with the caller's roles; uploading, deleting and
 * starting runs are calls of the JSON API from the pages' scripts.
 */
public final class PipelinesArea implements Dashboard.Area {
  @Override
  public void install(RoutesConfig routes, Pages pages, EngineSlot slot) {
    PipelineListPage list = new PipelineListPage(pages, slot);
    PipelineUploadPage upload = new PipelineUploadPage(pages, slot);
    PipelineDetailPage detail = new PipelineDetailPage(pages, slot);
    RunFormPage run = new RunFormPage(pages, slot);
    pages.get(routes, "/p/{profile}/pipelines", list::show);
    pages.get(routes, "/p/{profile}/pipelines/upload", upload::show);
    pages.get(routes, "/p/{profile}/pipelines/{pipelineId}", detail::show);
    pages.get(routes, "/p/{profile}/pipelines/{pipelineId}/run", run::show);
  }
}
