package dev.skiff.engine.catalog;

import dev.skiff.engine.recurring.TickSubmitter;
import dev.skiff.engine.recurring.Ticks;
import dev.skiff.engine.recurring.Trigger;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.pipeline.value.ParameterValues;
import dev.skiff.store.CatalogFields;
import dev.skiff.store.RecurringRunRepository;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.StoredRecurringRun;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Recurring runs (KFP's RecurringRunService): a pipeline run again on a cron schedule or at a fixed
 * interval, in an experiment of the caller's profile. Everything is checked when one is created
 * (the trigger, the pipeline, its parameters), so that a bad request stores nothing. Firing the
 * ticks is the {@link dev.skiff.engine.recurring.RecurringRunScheduler}'s; it starts each run
 * through {@link #submitter()}, filed like any other run with the recurring run's id.
 */
public final class RecurringRunCatalog {
  private static final Sort DEFAULT_ORDER = new Sort("created_at", false);

  /** Room for the "-yyyyMMddHHmmss" its runs' names add within a run name's 255 characters. */
  private static final int MAX_NAME = FieldLimits.NAME - 15;

  /** KFP's bounds of {@code max_concurrency}. */
  public static final int MAX_CONCURRENCY = 10;

  private static final DateTimeFormatter RUN_SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final RecurringRunRepository repo;
  private final ExperimentCatalog experiments;
  private final PipelineCatalog pipelines;
  private final RunCatalog runs;
  private final Lists lists;
  private final Clock clock;

  RecurringRunCatalog(
      RecurringRunRepository repo,
      ExperimentCatalog experiments,
      PipelineCatalog pipelines,
      RunCatalog runs,
      Lists lists,
      Clock clock) {
    this.repo = repo;
    this.experiments = experiments;
    this.pipelines = pipelines;
    this.runs = runs;
    this.lists = lists;
    this.clock = clock;
  }

  /**
   * A new recurring run (KFP's {@code RecurringRun} as sent).
   *
   * @param displayName its name (required); its runs are named {@code <name>-<tick, UTC>}
   * @param description free text
   * @param namespace KFP's namespace: empty or the caller's profile
   * @param experimentId its runs' experiment; empty for the profile's default experiment
   * @param pipelineText the pipeline sent inline, or null when it runs a stored version
   * @param pipelineId the stored pipeline, when {@code pipelineText} is null
   * @param pipelineVersionId its version; empty means its newest now
   * @param parameters {@code runtime_config.parameters}
   * @param pipelineRoot {@code runtime_config.pipeline_root}
   * @param serviceAccount {@code service_account}
   * @param cron a cron expression (6 fields with seconds, or 5), or null for a periodic trigger
   * @param intervalSeconds the period of a periodic trigger, or null for a cron trigger
   * @param startTime no tick before, or null
   * @param endTime no tick after, or null
   * @param maxConcurrency at most this many unfinished runs (1 to {@value #MAX_CONCURRENCY}; 0
   *     means 1, KFP's default)
   * @param noCatchup true: after downtime only the latest missed tick fires
   * @param enabled whether it fires (KFP's {@code mode} ENABLE, the default)
   */
  public record NewRecurringRun(
      String displayName,
      String description,
      String namespace,
      String experimentId,
      String pipelineText,
      String pipelineId,
      String pipelineVersionId,
      Map<String, JsonValue> parameters,
      String pipelineRoot,
      String serviceAccount,
      String cron,
      Long intervalSeconds,
      Instant startTime,
      Instant endTime,
      int maxConcurrency,
      boolean noCatchup,
      boolean enabled) {
    public NewRecurringRun {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
  }

  /**
   * Creates a recurring run; when enabled, its first tick is the first after now.
   *
   * @throws CatalogException.Invalid for a missing name, a cron that does not parse, an interval
   *     that is not positive, an end before the start, a bad {@code max_concurrency}, an unknown
   *     pipeline version; nothing is stored
   * @throws PipelineException when the pipeline sent inline is not valid; nothing is stored
   * @throws ParameterValueException for a wrong parameter; nothing is stored
   */
  public StoredRecurringRun create(Requester who, NewRecurringRun n)
      throws PipelineException, ParameterValueException {
    boolean namedExperiment = !blank(n.experimentId());
    // Without a namespace, the schedule of a named experiment is filed where the experiment is.
    String profile =
        blank(n.namespace()) && namedExperiment ? null : who.writableNamespace(n.namespace());
    String name = n.displayName() == null ? "" : n.displayName().strip();
    if (name.isEmpty()) {
      throw new CatalogException.Invalid("a recurring run needs a display_name");
    }
    FieldLimits.check("recurring run display_name", name, MAX_NAME);
    FieldLimits.check("recurring run description", n.description(), FieldLimits.TEXT);
    String cron = blank(n.cron()) ? null : n.cron().strip();
    if ((cron == null) == (n.intervalSeconds() == null)) {
      throw new CatalogException.Invalid(
          "a recurring run needs one trigger: trigger.cron_schedule.cron or"
              + " trigger.periodic_schedule.interval_second");
    }
    if (n.intervalSeconds() != null && n.intervalSeconds() <= 0) {
      throw new CatalogException.Invalid(
          "trigger.periodic_schedule.interval_second must be a positive number of seconds, got "
              + n.intervalSeconds());
    }
    if (n.startTime() != null && n.endTime() != null && !n.endTime().isAfter(n.startTime())) {
      throw new CatalogException.Invalid(
          "the trigger's end_time "
              + n.endTime()
              + " is not after its start_time "
              + n.startTime());
    }
    int maxConcurrency = n.maxConcurrency() == 0 ? 1 : n.maxConcurrency();
    if (maxConcurrency < 1 || maxConcurrency > MAX_CONCURRENCY) {
      throw new CatalogException.Invalid(
          "max_concurrency must be from 1 to " + MAX_CONCURRENCY + ", got " + n.maxConcurrency());
    }
    if (cron != null) {
      try {
        Trigger.cron(cron);
      } catch (IllegalArgumentException e) {
        throw new CatalogException.Invalid("trigger.cron_schedule." + e.getMessage());
      }
    }
    // A schedule lives in its experiment's profile: its runs are started there, as its owner.
    StoredExperiment experiment;
    if (namedExperiment) {
      experiment = experiments.forNewRun(who, n.experimentId());
      if (profile == null) {
        profile = who.writableNamespace(experiment.profile());
      } else if (!profile.equals(experiment.profile())) {
        throw new CatalogException.Invalid(
            "experiment_id names an experiment of profile '"
                + experiment.profile()
                + "', not of namespace '"
                + profile
                + "'");
      }
    } else {
      experiment = experiments.defaultOf(profile);
    }
    String text;
    String pipelineId = "";
    String versionId = "";
    if (n.pipelineText() != null) {
      text = n.pipelineText();
    } else if (!blank(n.pipelineId()) || !blank(n.pipelineVersionId())) {
      StoredPipelineVersion v;
      try {
        v = pipelines.versionToRun(who, n.pipelineId(), n.pipelineVersionId());
      } catch (CatalogException.NotFound e) {
        throw new CatalogException.Invalid("pipeline_version_reference: " + e.getMessage());
      }
      text = v.spec();
      pipelineId = v.pipelineId();
      versionId = v.id();
    } else {
      throw new CatalogException.Invalid(
          "a recurring run needs its pipeline: pipeline_spec, or"
              + " pipeline_version_reference.pipeline_id");
    }
    // What each tick's run will be checked for, checked now: a bad pipeline or parameter is a 400.
    Pipeline pipeline = PipelineParser.parse(text, n.pipelineText() != null ? "pipeline_spec" : "");
    ParameterValues.bindPipelineParameters(
        pipeline.spec().root().inputDefinitions(), n.parameters());
    Instant now = clock.instant();
    StoredRecurringRun made =
        new StoredRecurringRun(
            UUID.randomUUID().toString(),
            profile,
            name,
            n.description(),
            experiment.id(),
            pipelineId,
            versionId,
            n.pipelineText() != null ? text : null,
            JsonValue.struct(n.parameters()).toJson(),
            n.pipelineRoot(),
            n.serviceAccount(),
            cron,
            n.intervalSeconds(),
            n.startTime(),
            n.endTime(),
            maxConcurrency,
            n.noCatchup(),
            n.enabled() ? StoredRecurringRun.ENABLE : StoredRecurringRun.DISABLE,
            now,
            now,
            null,
            null);
    if (n.enabled()) {
      made = withNextTick(made, now);
    }
    repo.create(made);
    return made;
  }

  /**
   * The caller's recurring run.
   *
   * @throws CatalogException.NotFound when unknown or another profile's
   */
  public StoredRecurringRun get(Requester who, String id) {
    return repo.find(id)
        .filter(r -> who.owns(r.profile()))
        .orElseThrow(() -> new CatalogException.NotFound("no recurring run '" + id + "'"));
  }

  /**
   * One page of the caller's recurring runs.
   *
   * @param experimentId only this experiment's, or empty
   */
  public CatalogPage<StoredRecurringRun> list(
      Requester who, String namespace, String experimentId, ListRequest request) {
    Scope scope;
    if (experimentId != null && !experimentId.isBlank()) {
      scope = Scope.where("experiment_id", experiments.get(who, experimentId.strip()).id());
    } else {
      scope = Scope.where("profile", who.namespace(namespace));
    }
    return lists.page(
        CatalogFields.RECURRING_RUNS, DEFAULT_ORDER, request, q -> repo.list(scope, q));
  }

  /** Enables it: its next tick is the first after now (missed ones are not caught up). */
  public StoredRecurringRun enable(Requester who, String id) {
    StoredRecurringRun r = editable(who, id);
    Instant now = clock.instant();
    StoredRecurringRun next = withNextTick(r, now);
    repo.setMode(r.id(), StoredRecurringRun.ENABLE, next.nextFireAt(), now);
    return get(who, id);
  }

  /** Disables it: no tick fires until it is enabled again. */
  public StoredRecurringRun disable(Requester who, String id) {
    StoredRecurringRun r = editable(who, id);
    repo.setMode(r.id(), StoredRecurringRun.DISABLE, null, clock.instant());
    return get(who, id);
  }

  private StoredRecurringRun editable(Requester who, String id) {
    StoredRecurringRun r = get(who, id);
    who.require(r.profile(), dev.skiff.store.identity.ProfileRole.EDIT);
    return r;
  }

  /** Deletes it; the runs it made stay. */
  public void delete(Requester who, String id) {
    repo.delete(editable(who, id).id());
  }

  /**
   * The pipeline sent inline as a JSON object (KFP's {@code pipeline_spec}), or null when it runs a
   * stored version.
   */
  public static JsonValue.Obj spec(StoredRecurringRun r) {
    return r.pipelineSpec() == null
        ? null
        : PipelineCatalog.struct(r.pipelineSpec(), "recurring run " + r.id());
  }

  /** Starts the run of a tick, as the scheduler asks: {@code <name>-<tick as yyyyMMddHHmmss>}. */
  public TickSubmitter submitter() {
    return this::submit;
  }

  private String submit(StoredRecurringRun r, Instant tick)
      throws PipelineException, ParameterValueException {
    Requester owner = new Requester("recurring-run " + r.id(), r.profile());
    Map<String, JsonValue> parameters = ((JsonValue.Obj) JsonValue.parse(r.parameters())).fields();
    RunCatalog.NewRun run =
        new RunCatalog.NewRun(
            r.displayName() + "-" + RUN_SUFFIX.format(tick),
            r.description(),
            r.experimentId(),
            r.pipelineSpec(),
            r.pipelineId(),
            r.pipelineVersionId(),
            parameters,
            r.pipelineRoot(),
            r.serviceAccount(),
            true);
    return runs.create(owner, run, r.id()).view().run().id();
  }

  private static StoredRecurringRun withNextTick(StoredRecurringRun r, Instant now) {
    Instant next = Ticks.of(r).firstAfter(now).orElse(null);
    return new StoredRecurringRun(
        r.id(),
        r.profile(),
        r.displayName(),
        r.description(),
        r.experimentId(),
        r.pipelineId(),
        r.pipelineVersionId(),
        r.pipelineSpec(),
        r.parameters(),
        r.pipelineRoot(),
        r.serviceAccount(),
        r.cron(),
        r.intervalSeconds(),
        r.startTime(),
        r.endTime(),
        r.maxConcurrency(),
        r.noCatchup(),
        StoredRecurringRun.ENABLE,
        r.createdAt(),
        now,
        next,
        r.lastFiredAt());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
