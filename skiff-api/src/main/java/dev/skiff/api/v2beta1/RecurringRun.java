package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.pipeline.json.JsonValue;
import java.time.Instant;

/**
 * KFP's v2beta1 {@code RecurringRun}: as the recurring-run endpoints answer it, and as {@code POST
 * /apis/v2beta1/recurringruns} reads it (output fields are then ignored).
 *
 * <pre>
 * {"recurring_run_id", "display_name", "description", "namespace", "experiment_id",
 *  "pipeline_spec" | "pipeline_version_reference": {"pipeline_id", "pipeline_version_id"},
 *  "runtime_config": {"parameters", "pipeline_root"}, "service_account", "max_concurrency",
 *  "trigger": {"cron_schedule": {"cron", "start_time", "end_time"}
 *            | "periodic_schedule": {"interval_second", "start_time", "end_time"}},
 *  "mode": "ENABLE" | "DISABLE", "status": "ENABLED" | "DISABLED", "no_catchup",
 *  "created_at", "updated_at"}
 * </pre>
 *
 * @param recurringRunId its id
 * @param displayName its name (required)
 * @param description free text
 * @param pipelineVersionId KFP's deprecated way to name a stored version
 * @param pipelineSpec the pipeline sent inline (a JSON object)
 * @param pipelineVersionReference the stored pipeline (and version) it runs
 * @param runtimeConfig parameters and pipeline root of its runs
 * @param serviceAccount KFP's service account of its runs
 * @param maxConcurrency at most this many unfinished runs (1 to 10; absent means 1)
 * @param trigger when it fires
 * @param mode {@code ENABLE} (the default) or {@code DISABLE}
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 * @param status {@code ENABLED} or {@code DISABLED}
 * @param error why it cannot fire (never set by Skiff: bad requests are refused instead)
 * @param noCatchup true: after downtime only the latest missed tick fires
 * @param namespace the profile it belongs to
 * @param experimentId the experiment its runs go into
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RecurringRun(
    String recurringRunId,
    String displayName,
    String description,
    String pipelineVersionId,
    JsonValue pipelineSpec,
    PipelineVersionReference pipelineVersionReference,
    RuntimeConfig runtimeConfig,
    String serviceAccount,
    Long maxConcurrency,
    Trigger trigger,
    String mode,
    Instant createdAt,
    Instant updatedAt,
    String status,
    Status error,
    Boolean noCatchup,
    String namespace,
    String experimentId) {

  /**
   * KFP's {@code Trigger}: one of a cron schedule or a periodic schedule.
   *
   * @param cronSchedule a cron schedule
   * @param periodicSchedule a periodic schedule
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Trigger(CronSchedule cronSchedule, PeriodicSchedule periodicSchedule) {}

  /**
   * KFP's {@code CronSchedule}.
   *
   * @param startTime no tick before, or absent
   * @param endTime no tick after, or absent
   * @param cron six fields with seconds first (KFP's form), or five (UNIX form)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CronSchedule(Instant startTime, Instant endTime, String cron) {}

  /**
   * KFP's {@code PeriodicSchedule}.
   *
   * @param startTime no tick before, or absent; ticks count from it
   * @param endTime no tick after, or absent
   * @param intervalSecond the period in seconds
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PeriodicSchedule(Instant startTime, Instant endTime, Long intervalSecond) {}
}
