package dev.skiff.engine.catalog;

import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.persist.RunCodec;
import dev.skiff.engine.retention.RunNotDeletableException;
import dev.skiff.engine.run.RunMetadata;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.store.CatalogFields;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoredExperiment;
import dev.skiff.store.StoredPipelineVersion;
import dev.skiff.store.StoredRun;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Runs as KFP's RunService has them: created in an experiment from a pipeline sent inline or from a
 * stored pipeline version, read with their tasks, listed, terminated, retried, archived and
 * deleted. Driving runs is the engine's {@link RunService}; this class files them.
 */
public final class RunCatalog {
  /** How long a delete waits for a canceled run to stop. */
  public static final Duration DELETE_WAIT = Duration.ofSeconds(30);

  private static final Sort DEFAULT_ORDER = new Sort("created_at", false);

  private final RunService runs;
  private final RunRepository repo;
  private final ExperimentCatalog experiments;
  private final PipelineCatalog pipelines;
  private final Lists lists;

  RunCatalog(
      RunService runs,
      RunRepository repo,
      ExperimentCatalog experiments,
      PipelineCatalog pipelines,
      Lists lists) {
    this.runs = runs;
    this.repo = repo;
    this.experiments = experiments;
    this.pipelines = pipelines;
    this.lists = lists;
  }

  /**
   * A new run (KFP's {@code Run} as sent).
   *
   * @param displayName its name; empty means the pipeline's
   * @param description free text
   * @param experimentId its experiment; empty means the profile's default experiment
   * @param pipelineText the pipeline sent inline (its file's text, or the spec as JSON), or null
   *     when it runs a stored version
   * @param pipelineId the stored pipeline to run, when {@code pipelineText} is null
   * @param pipelineVersionId the version of it; empty means its newest
   * @param parameters {@code runtime_config.parameters}
   * @param pipelineRoot {@code runtime_config.pipeline_root}
   * @param serviceAccount {@code service_account}
   * @param cacheEnabled false to turn caching off for the whole run
   */
  public record NewRun(
      String displayName,
      String description,
      String experimentId,
      String pipelineText,
      String pipelineId,
      String pipelineVersionId,
      Map<String, JsonValue> parameters,
      String pipelineRoot,
      String serviceAccount,
      boolean cacheEnabled) {
    public NewRun {
      parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
  }

  /**
   * A run with what KFP's GetRun returns beside it.
   *
   * @param view the run with its tasks
   * @param pipelineSpec the pipeline as a JSON object when it was sent inline; null when the run
   *     was made from a stored version (then its reference is in the run's metadata)
   */
  public record RunDetail(RunView view, JsonValue.Obj pipelineSpec) {}

  /**
   * Creates and starts a run.
   *
   * @throws CatalogException when the experiment or pipeline version is unknown or unusable
   * @throws PipelineException when the pipeline sent inline is not valid; nothing is stored
   * @throws ParameterValueException for a wrong parameter; nothing is stored
   */
  public RunDetail create(Requester who, NewRun r)
      throws PipelineException, ParameterValueException {
    return create(who, r, "");
  }

  /** Creates and starts a run made by the recurring run {@code recurringRunId} (empty: none). */
  RunDetail create(Requester who, NewRun r, String recurringRunId)
      throws PipelineException, ParameterValueException {
    FieldLimits.check(
        "run display_name",
        r.displayName() == null ? null : r.displayName().strip(),
        FieldLimits.NAME);
    FieldLimits.check("run description", r.description(), FieldLimits.TEXT);
    StoredExperiment experiment = experiments.forNewRun(who, r.experimentId());
    // A run lands in its experiment's profile; starting one there needs edit.
    who.require(experiment.profile(), dev.skiff.store.identity.ProfileRole.EDIT);
    String text;
    String source;
    String pipelineId = "";
    String versionId = "";
    if (r.pipelineText() != null) {
      text = r.pipelineText();
      source = "pipeline_spec";
    } else if (!blank(r.pipelineId()) || !blank(r.pipelineVersionId())) {
      StoredPipelineVersion v = pipelines.versionToRun(who, r.pipelineId(), r.pipelineVersionId());
      text = v.spec();
      source = "pipeline version " + v.id();
      pipelineId = v.pipelineId();
      versionId = v.id();
    } else {
      throw new CatalogException.Invalid(
          "a run needs its pipeline: pipeline_spec, or pipeline_version_reference.pipeline_id");
    }
    RunMetadata metadata =
        new RunMetadata(
            experiment.id(),
            r.description(),
            r.serviceAccount(),
            r.pipelineRoot(),
            pipelineId,
            versionId,
            false,
            recurringRunId);
    String name = r.displayName() == null ? "" : r.displayName().strip();
    String id =
        runs.submit(
            text,
            source,
            r.parameters(),
            new RunOptions(name, experiment.profile(), r.cacheEnabled(), metadata));
    return get(who, id);
  }

  /**
   * A run the caller may see, with its tasks.
   *
   * @throws CatalogException.NotFound when unknown or another profile's
   */
  public RunDetail get(Requester who, String runId) {
    StoredRun stored = visible(who, runId);
    RunView view =
        new RunView(
            RunCodec.fromStored(stored),
            RunCodec.fromStored(repo.tasks(runId), repo.attempts(runId)));
    return detail(view, stored.spec());
  }

  /**
   * A run with what KFP's GetRun returns beside it, from the run and its stored pipeline file (for
   * readers that have both, e.g. the in-process CLI).
   */
  public static RunDetail detail(RunView view, String pipelineText) {
    JsonValue.Obj spec =
        view.run().options().metadata().fromStoredVersion() || pipelineText.isEmpty()
            ? null
            : PipelineCatalog.struct(pipelineText, "run " + view.run().id());
    return new RunDetail(view, spec);
  }

  /**
   * One page of the runs the caller sees, without their tasks.
   *
   * @param namespace KFP's namespace: empty for the caller's profile and the runs outside any
   *     profile, else the caller's profile only
   * @param experimentId only this experiment's runs, or empty
   */
  public CatalogPage<RunRecord> list(
      Requester who, String namespace, String experimentId, ListRequest request) {
    Scope scope;
    if (experimentId != null && !experimentId.isBlank()) {
      scope = Scope.where("experiment_id", experiments.get(who, experimentId.strip()).id());
    } else if (namespace != null && !namespace.isBlank()) {
      scope = Scope.where("profile", who.namespace(namespace));
    } else {
      scope = Scope.anyOf("profile", who.runProfiles());
    }
    return lists
        .page(CatalogFields.RUNS, DEFAULT_ORDER, request, q -> repo.list(scope, q))
        .map(RunCodec::fromStored);
  }

  /** Asks for a cancel (KFP's {@code :terminate}); a finished run is left as it is. */
  public void terminate(Requester who, String runId) {
    StoredRun run = editable(who, runId);
    if (!RunCodec.fromStored(run).state().isTerminal()) {
      runs.cancel(runId);
    }
  }

  /**
   * Retries a failed or canceled run.
   *
   * @throws dev.skiff.engine.drive.RunConflictException when the run is in another state
   */
  public void retry(Requester who, String runId) {
    editable(who, runId);
    runs.retry(runId);
  }

  /** Archives a run. */
  public void archive(Requester who, String runId) {
    repo.setStorageState(editable(who, runId).id(), StoredRun.ARCHIVED);
  }

  /** Makes an archived run available again. */
  public void unarchive(Requester who, String runId) {
    repo.setStorageState(editable(who, runId).id(), StoredRun.AVAILABLE);
  }

  /**
   * Deletes a run with its rows, step logs and artifacts. A run in progress is canceled first and
   * deleted once its steps have stopped (up to {@link #DELETE_WAIT}).
   *
   * @throws CatalogException.Conflict when the run did not stop in time, or other runs reuse its
   *     outputs through the cache; nothing is deleted
   */
  public void delete(Requester who, String runId) {
    StoredRun run = editable(who, runId);
    if (!RunCodec.fromStored(run).state().isTerminal()) {
      runs.cancel(runId);
      try {
        runs.await(runId, DELETE_WAIT);
      } catch (TimeoutException e) {
        throw new CatalogException.Conflict(
            "run " + runId + " was canceled but has not stopped yet; delete it again shortly");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CatalogException.Conflict("run " + runId + " was not deleted: interrupted");
      }
    }
    try {
      runs.delete(runId);
    } catch (RunNotDeletableException e) {
      throw new CatalogException.Conflict(e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private StoredRun editable(Requester who, String runId) {
    StoredRun run = visible(who, runId);
    if (!run.profile().isEmpty()) {
      who.require(run.profile(), dev.skiff.store.identity.ProfileRole.EDIT);
    }
    return run;
  }

  private StoredRun visible(Requester who, String runId) {
    return repo.find(runId)
        .filter(r -> who.seesRun(r.profile()))
        .orElseThrow(() -> new CatalogException.NotFound("no run '" + runId + "'"));
  }
}
