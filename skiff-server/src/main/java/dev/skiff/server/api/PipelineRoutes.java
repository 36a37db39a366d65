package dev.skiff.server.api;

import dev.skiff.api.ApiRequestException;
import dev.skiff.api.CatalogViews;
import dev.skiff.api.RequestBodies;
import dev.skiff.api.v2beta1.CreatePipelineAndVersionRequest;
import dev.skiff.api.v2beta1.ListPipelineVersionsResponse;
import dev.skiff.api.v2beta1.ListPipelinesResponse;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.PipelineCatalog;
import dev.skiff.engine.catalog.PipelineSource;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * KFP's v2beta1 pipeline endpoints, a thin shell over {@link PipelineCatalog}: create, get, get by
 * name, list, delete (with its versions unless {@code cascade=false}), create with a first version,
 * versions (create, get, list, delete), and the multipart uploads {@code /pipelines/upload} and
 * {@code /pipelines/upload_version} (form field {@code uploadfile}).
 */
public final class PipelineRoutes {
  /** The collection path. */
  public static final String PIPELINES = "/apis/v2beta1/pipelines";

  private final EngineSlot engine;
  private final long maxUploadBytes;

  /**
   * Routes over the server's catalog.
   *
   * @param maxUploadBytes the largest pipeline file accepted
   */
  public PipelineRoutes(EngineSlot engine, long maxUploadBytes) {
    this.engine = engine;
    this.maxUploadBytes = maxUploadBytes;
  }

  /** Installs the endpoints (behind the API's authentication filter). */
  public void install(RoutesConfig routes) {
    routes.post(PIPELINES + "/upload", this::upload);
    routes.post(PIPELINES + "/upload_version", this::uploadVersion);
    routes.post(PIPELINES + "/create", this::createWithVersion);
    routes.get(PIPELINES + "/names/{name}", this::getByName);
    routes.post(PIPELINES, this::create);
    routes.get(PIPELINES, this::list);
    routes.get(PIPELINES + "/{pipeline_id}", this::get);
    routes.delete(PIPELINES + "/{pipeline_id}", this::delete);
    routes.post(PIPELINES + "/{pipeline_id}/versions", this::createVersion);
    routes.get(PIPELINES + "/{pipeline_id}/versions", this::listVersions);
    routes.get(PIPELINES + "/{pipeline_id}/versions/{pipeline_version_id}", this::getVersion);
    routes.delete(PIPELINES + "/{pipeline_id}/versions/{pipeline_version_id}", this::deleteVersion);
  }

  private PipelineCatalog catalog() {
    return engine.catalog().pipelines();
  }

  private void create(Context ctx) {
    Pipeline p = RequestBodies.read(ApiRequests.body(ctx), Pipeline.class, "a KFP Pipeline");
    ctx.json(CatalogViews.pipeline(catalog().create(ApiRequests.requester(ctx), newPipeline(p))));
  }

  private void createWithVersion(Context ctx) {
    CreatePipelineAndVersionRequest r =
        RequestBodies.read(
            ApiRequests.body(ctx),
            CreatePipelineAndVersionRequest.class,
            "{pipeline, pipeline_version}");
    if (r.pipeline() == null || r.pipelineVersion() == null) {
      throw new ApiRequestException("both pipeline and pipeline_version are required");
    }
    PipelineCatalog.Created made =
        catalog()
            .create(
                ApiRequests.requester(ctx),
                newPipeline(r.pipeline()),
                newVersion(r.pipelineVersion()));
    ctx.json(CatalogViews.pipeline(made.pipeline()));
  }

  private void get(Context ctx) {
    ctx.json(
        CatalogViews.pipeline(
            catalog().get(ApiRequests.requester(ctx), ctx.pathParam("pipeline_id"))));
  }

  private void getByName(Context ctx) {
    ctx.json(
        CatalogViews.pipeline(
            catalog()
                .getByName(
                    ApiRequests.requester(ctx),
                    ctx.queryParam("namespace"),
                    ctx.pathParam("name"))));
  }

  private void list(Context ctx) {
    CatalogPage<StoredPipeline> page =
        catalog()
            .list(
                ApiRequests.requester(ctx),
                ctx.queryParam("namespace"),
                ApiRequests.listRequest(ctx));
    ctx.json(
        new ListPipelinesResponse(
            page.items().stream().map(CatalogViews::pipeline).toList(),
            page.totalSize(),
            page.nextPageToken()));
  }

  private void delete(Context ctx) {
    catalog()
        .delete(
            ApiRequests.requester(ctx),
            ctx.pathParam("pipeline_id"),
            ApiRequests.booleanParam(ctx, "cascade", true));
    ctx.json(Map.of());
  }

  private void createVersion(Context ctx) {
    PipelineVersion v =
        RequestBodies.read(ApiRequests.body(ctx), PipelineVersion.class, "a KFP PipelineVersion");
    StoredPipelineVersion made =
        catalog()
            .createVersion(ApiRequests.requester(ctx), ctx.pathParam("pipeline_id"), newVersion(v));
    ctx.json(CatalogViews.version(made));
  }

  private void getVersion(Context ctx) {
    ctx.json(
        CatalogViews.version(
            catalog()
                .getVersion(
                    ApiRequests.requester(ctx),
                    ctx.pathParam("pipeline_id"),
                    ctx.pathParam("pipeline_version_id"))));
  }

  private void listVersions(Context ctx) {
    CatalogPage<StoredPipelineVersion> page =
        catalog()
            .listVersions(
                ApiRequests.requester(ctx),
                ctx.pathParam("pipeline_id"),
                ApiRequests.listRequest(ctx));
    ctx.json(
        new ListPipelineVersionsResponse(
            page.items().stream().map(CatalogViews::version).toList(),
            page.totalSize(),
            page.nextPageToken()));
  }

  private void deleteVersion(Context ctx) {
    catalog()
        .deleteVersion(
            ApiRequests.requester(ctx),
            ctx.pathParam("pipeline_id"),
            ctx.pathParam("pipeline_version_id"));
    ctx.json(Map.of());
  }

  private void upload(Context ctx) throws IOException {
    Requester who = ApiRequests.requester(ctx);
    Uploaded file = uploaded(ctx);
    PipelineCatalog.Created made =
        catalog()
            .upload(
                who,
                file.bytes(),
                file.name(),
                new PipelineCatalog.NewPipeline(
                    ctx.queryParam("name"),
                    ApiRequests.param(ctx, "display_name", "displayName"),
                    ctx.queryParam("description"),
                    ctx.queryParam("namespace")));
    ctx.json(CatalogViews.pipeline(made.pipeline()));
  }

  private void uploadVersion(Context ctx) throws IOException {
    Requester who = ApiRequests.requester(ctx);
    String pipelineId = ApiRequests.param(ctx, "pipelineid", "pipeline_id");
    if (pipelineId == null || pipelineId.isBlank()) {
      throw new ApiRequestException("the query parameter pipelineid is required");
    }
    Uploaded file = uploaded(ctx);
    StoredPipelineVersion made =
        catalog()
            .uploadVersion(
                who,
                pipelineId.strip(),
                file.bytes(),
                file.name(),
                ctx.queryParam("name"),
                ApiRequests.param(ctx, "display_name", "displayName"),
                ctx.queryParam("description"));
    ctx.json(CatalogViews.version(made));
  }

  private record Uploaded(byte[] bytes, String name) {}

  /** The {@code uploadfile} part, read within the size limit. */
  private Uploaded uploaded(Context ctx) throws IOException {
    long declared = ctx.contentLength();
    if (declared > maxUploadBytes + 64 * 1024) {
      throw tooLarge();
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
      throw new ApiRequestException(
          "upload the pipeline file as multipart/form-data in the field 'uploadfile'");
    }
    UploadedFile file;
    try {
      file = ctx.uploadedFile("uploadfile");
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("size")) {
        throw tooLarge();
      }
      throw new ApiRequestException("cannot read the multipart upload: " + e.getMessage());
    }
    if (file == null) {
      throw new ApiRequestException(
          "no file in the multipart form field 'uploadfile' (the field kfp.Client uses)");
    }
    try (InputStream in = file.content()) {
      byte[] bytes = in.readNBytes((int) Math.min(maxUploadBytes + 1, Integer.MAX_VALUE - 16));
      if (bytes.length > maxUploadBytes) {
        throw tooLarge();
      }
      String name =
          file.filename() == null || file.filename().isBlank() ? "pipeline.yaml" : file.filename();
      return new Uploaded(bytes, name);
    }
  }

  private CatalogException.TooLarge tooLarge() {
    return new CatalogException.TooLarge(
        "the upload is larger than this server's limit of "
            + (maxUploadBytes >= 1024 * 1024
                ? maxUploadBytes / (1024 * 1024) + " MiB"
                : maxUploadBytes + " bytes")
            + " (api.maxUploadSize)");
  }

  private static PipelineCatalog.NewPipeline newPipeline(Pipeline p) {
    return new PipelineCatalog.NewPipeline(
        p.name(), p.displayName(), p.description(), p.namespace());
  }

  /** A version as sent: its file from {@code pipeline_spec} or {@code package_url}. */
  private static PipelineCatalog.NewVersion newVersion(PipelineVersion v) {
    PipelineSource source = null;
    if (v.pipelineSpec() != null) {
      source =
          switch (v.pipelineSpec()) {
            case JsonValue.Obj o -> new PipelineSource.Struct(o);
            case JsonValue.Str s ->
                new PipelineSource.Upload(
                    s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8), "pipeline_spec");
            default ->
                throw new ApiRequestException(
                    "pipeline_spec must be a JSON object (the compiled pipeline), got a "
                        + v.pipelineSpec().kind());
          };
    } else if (v.packageUrl() != null
        && v.packageUrl().pipelineUrl() != null
        && !v.packageUrl().pipelineUrl().isBlank()) {
      source = new PipelineSource.Url(v.packageUrl().pipelineUrl());
    }
    return new PipelineCatalog.NewVersion(
        v.name(), v.displayName(), v.description(), v.codeSourceUrl(), source);
  }
}
