package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.pipeline.json.JsonValue;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A run as {@code GET /apis/v2beta1/runs/{run_id}} answers it and {@code skiff get run ID -o json}
 * prints it: the fields of KFP's v2beta1 {@code Run} that Skiff fills, plus Skiff's {@code tasks}
 * map.
 *
 * <pre>
 * {"run_id", "display_name", "pipeline_name", "state", "created_at", "scheduled_at", "finished_at",
 *  "experiment_id", "description", "storage_state", "service_account", "recurring_run_id",
 *  "pipeline_spec" | "pipeline_version_reference",
 *  "runtime_config": {"parameters": {...}, "pipeline_root"}, "error": {"message"} (when failed),
 *  "run_details": {"task_details": [...]}, "tasks": {"&lt;path&gt;": {...}}}
 * </pre>
 *
 * @param runId the run id (a UUID)
 * @param displayName the run's name
 * @param pipelineName the pipeline's {@code pipelineInfo.name} (a Skiff field; KFP keeps it in the
 *     pipeline version)
 * @param state its state
 * @param createdAt when it was submitted
 * @param scheduledAt when it started; written as {@code null} until then
 * @param finishedAt when it finished; written as {@code null} until then
 * @param runtimeConfig the bound parameters (defaults applied) and the pipeline root
 * @param error why it failed
 * @param runDetails its tasks as KFP lists them (empty in a list of runs)
 * @param tasks its tasks by path, with attempts and outputs (empty in a list of runs)
 * @param experimentId its experiment; absent for runs started outside the catalog ({@code skiff
 *     run})
 * @param description what it is for
 * @param storageState {@code AVAILABLE} or {@code ARCHIVED}
 * @param serviceAccount KFP's {@code service_account}, as sent
 * @param pipelineSpec the pipeline when it was sent inline (absent in a list of runs)
 * @param pipelineVersionReference the stored pipeline version it was made from
 * @param recurringRunId the recurring run that made it; absent for runs made otherwise
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Run(
    String runId,
    String displayName,
    String pipelineName,
    RuntimeState state,
    Instant createdAt,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant scheduledAt,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant finishedAt,
    RuntimeConfig runtimeConfig,
    Status error,
    RunDetails runDetails,
    SortedMap<String, TaskView> tasks,
    String experimentId,
    String description,
    String storageState,
    String serviceAccount,
    JsonValue pipelineSpec,
    PipelineVersionReference pipelineVersionReference,
    String recurringRunId) {

  /** Copies the tasks, sorted by path; absent parts read as empty; empty strings are absent. */
  public Run {
    runtimeConfig = runtimeConfig == null ? new RuntimeConfig(Map.of()) : runtimeConfig;
    runDetails = runDetails == null ? new RunDetails(null) : runDetails;
    tasks =
        Collections.unmodifiableSortedMap(tasks == null ? new TreeMap<>() : new TreeMap<>(tasks));
    experimentId = emptyToNull(experimentId);
    description = emptyToNull(description);
    serviceAccount = emptyToNull(serviceAccount);
    recurringRunId = emptyToNull(recurringRunId);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
