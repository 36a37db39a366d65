package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A pipeline run as stored. States are the engine's names (KFP's {@code RuntimeState}); the store
 * does not interpret them beyond "terminal or not".
 *
 * @param id the run id (a UUID)
 * @param profile the profile it runs in; empty for runs started outside any profile (the CLI)
 * @param pipelineName {@code pipelineInfo.name}, the cache scope
 * @param displayName the run's name
 * @param spec the pipeline file text (empty in a list of runs, which does not read it)
 * @param parameters the bound runtime parameters, a JSON object
 * @param options run options, a JSON object (e.g. {@code {"cache":false}})
 * @param state PENDING, RUNNING, SUCCEEDED, SKIPPED, FAILED, CANCELING or CANCELED
 * @param error why it failed, or null
 * @param createdAt when it was submitted
 * @param startedAt when it started, or null
 * @param finishedAt when it reached a final state, or null
 * @param experimentId the experiment it belongs to, or null
 * @param description what it is for, for people; empty when none
 * @param storageState {@value #AVAILABLE} or {@value #ARCHIVED} (KFP's StorageState)
 * @param recurringRunId the recurring run that made it, or null
 */
public record StoredRun(
    String id,
    String profile,
    String pipelineName,
    String displayName,
    String spec,
    String parameters,
    String options,
    String state,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    String experimentId,
    String description,
    String storageState,
    String recurringRunId) {

  /** A run or experiment that is listed as usual. */
  public static final String AVAILABLE = "AVAILABLE";

  /** A run or experiment that was put aside (still stored, listed only on request). */
  public static final String ARCHIVED = "ARCHIVED";

  public StoredRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(pipelineName, "pipelineName");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    description = description == null ? "" : description;
    storageState = storageState == null ? AVAILABLE : storageState;
  }

  /** A run that no recurring run made. */
  public StoredRun(
      String id,
      String profile,
      String pipelineName,
      String displayName,
      String spec,
      String parameters,
      String options,
      String state,
      String error,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt,
      String experimentId,
      String description,
      String storageState) {
    this(
        id,
        profile,
        pipelineName,
        displayName,
        spec,
        parameters,
        options,
        state,
        error,
        createdAt,
        startedAt,
        finishedAt,
        experimentId,
        description,
        storageState,
        null);
  }

  /** A run in no experiment, without a description, available. */
  public StoredRun(
      String id,
      String profile,
      String pipelineName,
      String displayName,
      String spec,
      String parameters,
      String options,
      String state,
      String error,
      Instant createdAt,
      Instant startedAt,
      Instant finishedAt) {
    this(
        id,
        profile,
        pipelineName,
        displayName,
        spec,
        parameters,
        options,
        state,
        error,
        createdAt,
        startedAt,
        finishedAt,
        null,
        "",
        AVAILABLE);
  }

  /** A copy in another state. */
  public StoredRun withState(String newState, String newError, Instant started, Instant finished) {
    return new StoredRun(
        id,
        profile,
        pipelineName,
        displayName,
        spec,
        parameters,
        options,
        newState,
        newError,
        createdAt,
        started,
        finished,
        experimentId,
        description,
        storageState,
        recurringRunId);
  }
}
