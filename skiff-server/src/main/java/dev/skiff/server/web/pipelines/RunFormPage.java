package dev.skiff.server.web.pipelines;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.ExperimentCatalog;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.StoredRun;
import dev.skiff.store.identity.ProfileRole;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /p/{profile}/pipelines/{pipelineId}/run?version=...&from=...}: the run form, generated
 * from the version's root input parameters ({@link RunFormFields}); {@code from} starts it from the
 * parameters of an earlier run ("run again with these parameters"). The page's script checks the
 * values and creates the run through the API. Members with {@code view} get a 403 page.
 */
public final class RunFormPage {
  /** The most experiments the select offers. */
  static final int MAX_EXPERIMENTS = 500;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Pages pages;
  private final EngineSlot slot;
  private final Clock clock = Clock.systemUTC();

  RunFormPage(Pages pages, EngineSlot slot) {
    this.pages = pages;
    this.slot = slot;
  }

  /**
   * The page's model.
   *
   * @param chrome the header
   * @param pipeline the pipeline
   * @param version the version the run uses
   * @param versions every version, newest first (the form can switch)
   * @param fields the parameters' fields
   * @param runName the run name the form starts with
   * @param experiments the profile's experiments that take runs
   * @param experimentId the experiment selected at first
   * @param from the run the values come from, if any
   */
  public record Model(
      PageChrome chrome,
      StoredPipeline pipeline,
      StoredPipelineVersion version,
      List<StoredPipelineVersion> versions,
      List<RunFormField> fields,
      String runName,
      List<StoredExperiment> experiments,
      String experimentId,
      Optional<RunRecord> from) {

    /** The pipeline's page. */
    public String pipelineHref() {
      return chrome.base("pipelines/" + DashboardPaths.segment(pipeline.id()));
    }

    /** This form's path (without its query). */
    public String href() {
      return pipelineHref() + "/run";
    }

    /** Where the form goes once the run is made: {@code /p/{profile}/runs/} + the run id. */
    public String runsBase() {
      return chrome.base("runs/");
    }
  }

  void show(Context ctx) throws PipelineException {
    String profile = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    Requester who = WebRequest.requester(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "pipelines");
    who.require(profile, ProfileRole.EDIT);
    StoredPipeline p = ProfilePipelines.get(catalog, who, profile, ctx.pathParam("pipelineId"));
    Optional<RunRecord> from = from(ctx, catalog, who, profile);
    String wanted = ctx.queryParam("version");
    if ((wanted == null || wanted.isBlank()) && from.isPresent()) {
      String used = from.get().options().metadata().pipelineVersionId();
      if (p.id().equals(from.get().options().metadata().pipelineId()) && !used.isEmpty()) {
        wanted = used;
      }
    }
    StoredPipelineVersion version;
    try {
      version = catalog.pipelines().versionToRun(who, p.id(), wanted);
    } catch (CatalogException.NotFound e) {
      throw PageException.notFound(e.getMessage());
    }
    List<RunFormField> fields =
        RunFormFields.of(
            PipelineParser.parse(version.spec(), "version " + version.id())
                .spec()
                .root()
                .inputDefinitions(),
            from.map(RunRecord::parameters).orElse(Map.<String, JsonValue>of()));
    List<StoredExperiment> experiments =
        catalog
            .experiments()
            .list(who, profile, ListRequest.of(MAX_EXPERIMENTS, "created_at desc"))
            .items()
            .stream()
            .filter(e -> !StoredRun.ARCHIVED.equals(e.storageState()))
            .toList();
    String experimentId =
        from.map(r -> r.options().metadata().experimentId())
            .filter(id -> experiments.stream().anyMatch(e -> e.id().equals(id)))
            .orElseGet(
                () ->
                    experiments.stream()
                        .filter(e -> e.displayName().equals(ExperimentCatalog.DEFAULT_NAME))
                        .map(StoredExperiment::id)
                        .findFirst()
                        .orElse(""));
    String runName =
        from.map(r -> "Clone of " + r.displayName())
            .orElse(p.displayName() + " " + STAMP.format(clock.instant()));
    pages.render(
        ctx,
        "pipelines/run.jte",
        new Model(
            chrome,
            p,
            version,
            ProfilePipelines.versions(catalog, who, p.id()),
            fields,
            runName,
            experiments,
            experimentId,
            from));
  }

  /** The run named by {@code from}: one of this profile's. */
  private static Optional<RunRecord> from(
      Context ctx, Catalog catalog, Requester who, String profile) {
    String id = ctx.queryParam("from");
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    RunRecord run = catalog.runs().get(who, id.strip()).view().run();
    if (!run.options().profile().equals(profile)) {
      throw PageException.notFound("no run '" + id + "' in profile '" + profile + "'");
    }
    return Optional.of(run);
  }
}
