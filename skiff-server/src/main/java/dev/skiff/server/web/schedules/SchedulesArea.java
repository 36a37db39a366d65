package dev.skiff.server.web.schedules;

import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogException;
import dev.skiff.engine.catalog.CatalogPage;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.recurring.Trigger;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.server.api.EngineSlot;
import dev.skiff.server.web.Dashboard;
import dev.skiff.server.web.PageChrome;
import dev.skiff.server.web.PageException;
import dev.skiff.server.web.Pages;
import dev.skiff.server.web.WebRequest;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredPipeline;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.StoredRecurringRun;
import dev.skiff.store.identity.ProfileRole;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recurring runs (schedules) of a profile: {@code /p/{profile}/schedules} (list), {@code
 * .../schedules/new} (the form, with a preview of the next ticks from {@code
 * .../schedules/preview}), {@code .../schedules/{id}} (details and its runs). Changes go through
 * the recurring-run API from the page's script.
 */
public final class SchedulesArea implements Dashboard.Area {
  /** Schedules per list page. */
  static final int PAGE = 20;

  /** Runs shown on a schedule's page (and pipelines offered by the form). */
  static final int RUNS = 20;

  /** At most this many pipelines (each with its newest versions) are offered by the form. */
  static final int PIPELINES = 100;

  /** Versions offered per pipeline. */
  static final int VERSIONS = 10;

  /** A schedule in the list: with its pipeline's name, its trigger in words and its last run. */
  public record Row(StoredRecurringRun schedule, String pipeline, String trigger, RunRecord last) {}

  /** The list page's model. */
  public record ListModel(PageChrome chrome, List<Row> rows, long total, String next) {}

  /** A pipeline version the form offers: {@code value} is {@code pipelineId/versionId}. */
  public record Choice(String value, String label) {}

  /** A pipeline the form offers, with its versions (the first: its newest when created). */
  public record PipelineChoice(String label, List<Choice> versions) {}

  /** The form's model. */
  public record NewModel(
      PageChrome chrome, List<PipelineChoice> pipelines, List<StoredExperiment> experiments) {}

  /** The details page's model. */
  public record DetailModel(
      PageChrome chrome,
      StoredRecurringRun schedule,
      String pipeline,
      String version,
      String trigger,
      String experiment,
      TickPreview next,
      List<RunRecord> runs,
      long totalRuns) {}

  /** The preview fragment's model. */
  public record PreviewModel(TickPreview preview) {}

  private Pages pages;
  private EngineSlot slot;

  @Override
  public void install(RoutesConfig routes, Pages p, EngineSlot s) {
    this.pages = p;
    this.slot = s;
    // literal segments before {id}
    p.get(routes, "/p/{profile}/schedules/new", this::form);
    p.get(routes, "/p/{profile}/schedules/preview", this::preview);
    p.get(routes, "/p/{profile}/schedules", this::list);
    p.get(routes, "/p/{profile}/schedules/{id}", this::detail);
  }

  private void list(Context ctx) {
    String profile = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    Requester who = WebRequest.requester(ctx);
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "schedules");
    String token = ctx.queryParam("page");
    CatalogPage<StoredRecurringRun> page =
        catalog
            .recurringRuns()
            .list(
                who,
                profile,
                null,
                new ListRequest(PAGE, token == null ? "" : token, "created_at desc", List.of()));
    Map<String, String> names = new HashMap<>();
    List<Row> rows = new ArrayList<>();
    for (StoredRecurringRun r : page.items()) {
      List<RunRecord> last = runsOf(catalog, who, profile, r.id(), 1).items();
      rows.add(
          new Row(
              r,
              pipelineName(catalog, who, r, names),
              trigger(r),
              last.isEmpty() ? null : last.getFirst()));
    }
    pages.render(
        ctx,
        "schedules/list.jte",
        new ListModel(chrome, rows, page.totalSize(), page.nextPageToken()));
  }

  private void form(Context ctx) {
    String profile = WebRequest.profile(ctx);
    Requester who = WebRequest.requester(ctx);
    who.require(profile, ProfileRole.EDIT);
    Catalog catalog = slot.catalog();
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "schedules");
    List<PipelineChoice> choices = new ArrayList<>();
    addPipelines(catalog, who, profile, "", choices);
    if (!profile.equals(ProfileCatalog.SHARED)) {
      try {
        addPipelines(catalog, who, ProfileCatalog.SHARED, " (shared)", choices);
      } catch (CatalogException.Forbidden | CatalogException.NotFound e) {
        // the shared profile is not readable here: only the profile's own pipelines
      }
    }
    List<StoredExperiment> experiments =
        catalog
            .experiments()
            .list(
                who,
                profile,
                new ListRequest(
                    200,
                    "",
                    "display_name",
                    List.of(Condition.of("storage_state", Op.EQUALS, "AVAILABLE"))))
            .items();
    pages.render(ctx, "schedules/new.jte", new NewModel(chrome, choices, experiments));
  }

  private static void addPipelines(
      Catalog catalog, Requester who, String profile, String suffix, List<PipelineChoice> out) {
    for (StoredPipeline p :
        catalog.pipelines().list(who, profile, ListRequest.of(PIPELINES, "display_name")).items()) {
      List<Choice> versions = new ArrayList<>();
      versions.add(new Choice(p.id() + "/", p.displayName() + suffix + " — its newest version"));
      for (StoredPipelineVersion v :
          catalog
              .pipelines()
              .listVersions(who, p.id(), ListRequest.of(VERSIONS, "created_at desc"))
              .items()) {
        versions.add(
            new Choice(p.id() + "/" + v.id(), p.displayName() + suffix + " — " + v.displayName()));
      }
      out.add(new PipelineChoice(p.displayName() + suffix, versions));
    }
  }

  private void preview(Context ctx) {
    WebRequest.profile(ctx);
    TickPreview preview =
        TickPreview.of(
            ctx.queryParam("cron"),
            ctx.queryParam("interval"),
            ctx.queryParam("start"),
            ctx.queryParam("end"),
            Instant.now());
    // a preview of input that does not parse is still a preview: the fragment shows why
    pages.render(ctx, "schedules/preview.jte", new PreviewModel(preview));
  }

  private void detail(Context ctx) {
    String profile = WebRequest.profile(ctx);
    Catalog catalog = slot.catalog();
    Requester who = WebRequest.requester(ctx);
    StoredRecurringRun r = catalog.recurringRuns().get(who, ctx.pathParam("id"));
    if (!r.profile().equals(profile)) {
      throw PageException.notFound("no recurring run '" + r.id() + "' in profile " + profile);
    }
    PageChrome chrome = WebRequest.chrome(ctx, catalog, profile, "schedules");
    String experiment;
    try {
      experiment = catalog.experiments().get(who, r.experimentId()).displayName();
    } catch (CatalogException.NotFound e) {
      experiment = r.experimentId();
    }
    String version = "";
    if (!r.pipelineVersionId().isEmpty()) {
      try {
        version =
            catalog
                .pipelines()
                .getVersion(who, r.pipelineId(), r.pipelineVersionId())
                .displayName();
      } catch (CatalogException e) {
        version = r.pipelineVersionId() + " (not found)";
      }
    }
    CatalogPage<RunRecord> runs = runsOf(catalog, who, profile, r.id(), RUNS);
    TickPreview next =
        r.enabled()
            ? TickPreview.of(
                r.cron(),
                r.intervalSeconds() == null ? null : r.intervalSeconds().toString(),
                r.startTime() == null ? null : r.startTime().toString(),
                r.endTime() == null ? null : r.endTime().toString(),
                Instant.now())
            : TickPreview.invalid("");
    pages.render(
        ctx,
        "schedules/detail.jte",
        new DetailModel(
            chrome,
            r,
            pipelineName(catalog, who, r, new HashMap<>()),
            version,
            trigger(r),
            experiment,
            next,
            runs.items(),
            runs.totalSize()));
  }

  /** The newest runs a schedule made. */
  private static CatalogPage<RunRecord> runsOf(
      Catalog catalog, Requester who, String profile, String scheduleId, int size) {
    return catalog
        .runs()
        .list(
            who,
            profile,
            null,
            new ListRequest(
                size,
                "",
                "created_at desc",
                List.of(Condition.of("recurring_run_id", Op.EQUALS, scheduleId))));
  }

  private static String pipelineName(
      Catalog catalog, Requester who, StoredRecurringRun r, Map<String, String> names) {
    if (r.pipelineId().isEmpty()) {
      return "(pipeline sent with the schedule)";
    }
    return names.computeIfAbsent(
        r.pipelineId(),
        id -> {
          try {
            return catalog.pipelines().get(who, id).displayName();
          } catch (CatalogException e) {
            return id + " (not found)";
          }
        });
  }

  /** The trigger as people read it, with the expression itself for cron. */
  static String trigger(StoredRecurringRun r) {
    try {
      if (r.cron() != null) {
        return r.cron() + " — " + Trigger.cron(r.cron()).description();
      }
      return Trigger.every(r.intervalSeconds(), r.createdAt()).description();
    } catch (IllegalArgumentException e) {
      return r.cron() != null ? r.cron() : r.intervalSeconds() + " s";
    }
  }
}
