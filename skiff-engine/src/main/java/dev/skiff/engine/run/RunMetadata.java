package dev.skiff.engine.run;

import java.util.Objects;

/**
 * Where a run is filed and what KFP's API keeps with it; the engine carries it and does not act on
 * it (an empty string means "none").
 *
 * @param experimentId the experiment it belongs to
 * @param description what it is for, for people
 * @param serviceAccount KFP's {@code service_account}: who a cluster executor runs its steps as
 * @param pipelineRoot KFP's {@code runtime_config.pipeline_root}: where its artifacts go
 * @param pipelineId the stored pipeline it was made from
 * @param pipelineVersionId the stored pipeline version it was made from (empty for a run of a
 *     pipeline sent inline)
 * @param archived whether it is archived (KFP's storage state); read from the store, never written
 *     by the engine's driver
 * @param recurringRunId the recurring run (schedule) that made it
 */
public record RunMetadata(
    String experimentId,
    String description,
    String serviceAccount,
    String pipelineRoot,
    String pipelineId,
    String pipelineVersionId,
    boolean archived,
    String recurringRunId) {

  /** No experiment, no description, nothing else. */
  public static final RunMetadata NONE = new RunMetadata("", "", "", "", "", "", false, "");

  /** Empty strings for absent values. */
  public RunMetadata {
    experimentId = Objects.requireNonNullElse(experimentId, "");
    description = Objects.requireNonNullElse(description, "");
    serviceAccount = Objects.requireNonNullElse(serviceAccount, "");
    pipelineRoot = Objects.requireNonNullElse(pipelineRoot, "");
    pipelineId = Objects.requireNonNullElse(pipelineId, "");
    pipelineVersionId = Objects.requireNonNullElse(pipelineVersionId, "");
    recurringRunId = Objects.requireNonNullElse(recurringRunId, "");
  }

  /** Metadata of a run that no recurring run made. */
  public RunMetadata(
      String experimentId,
      String description,
      String serviceAccount,
      String pipelineRoot,
      String pipelineId,
      String pipelineVersionId,
      boolean archived) {
    this(
        experimentId,
        description,
        serviceAccount,
        pipelineRoot,
        pipelineId,
        pipelineVersionId,
        archived,
        "");
  }

  /** A copy with another pipeline root. */
  public RunMetadata withPipelineRoot(String root) {
    return new RunMetadata(
        experimentId,
        description,
        serviceAccount,
        root,
        pipelineId,
        pipelineVersionId,
        archived,
        recurringRunId);
  }

  /** Whether the run was made from a stored pipeline version (not from a pipeline sent inline). */
  public boolean fromStoredVersion() {
    return !pipelineVersionId.isEmpty();
  }
}
