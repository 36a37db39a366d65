package dev.skiff.server.web.pipelines;

import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.http.Context;

/**
 * {@code /p/{profile}/pipelines/upload}: a pipeline file (picked or dropped) with its names, sent
 * by the page's script to the API's multipart upload. Only members who may change the profile get
 * the page (403 for {@code view}).
 */
public final class PipelineUploadPage {
  private final Pages pages;
  private final EngineSlot slot;

  PipelineUploadPage(Pages pages, EngineSlot slot) {
    this.pages = pages;
    this.slot = slot;
  }

  /** The page's model. */
  public record Model(PageChrome chrome) {}

  void show(Context ctx) {
    String profile = WebRequest.profile(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, slot.catalog(), profile, "pipelines");
    WebRequest.requester(ctx).require(profile, ProfileRole.EDIT);
    pages.render(ctx, "pipelines/upload.jte", new Model(chrome));
  }
}
