package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One task of a run as KFP's {@code run_details.task_details[]} lists it.
 *
 * @param runId the run's id
 * @param taskId a stable id: a name-based UUID of run id and task path
 * @param displayName the task's name
 * @param createTime when the engine first decided about it
 * @param startTime when it started; written as {@code null} until then
 * @param endTime when it finished; written as {@code null} until then
 * @param state its state
 * @param parentTaskId the id of the DAG or loop iteration that contains it; absent for root tasks
 * @param childTasks the tasks it contains (for a DAG, loop or iteration)
 * @param error why it failed; only for a FAILED task
 * @param statusMessage a Skiff extension: why a running task has not started its step yet, e.g.
 *     {@code waiting for quota: profile 'team-a' uses 1 of 1 GPUs}; absent when nothing holds it
 *     back
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineTaskDetail(
    String runId,
    String taskId,
    String displayName,
    Instant createTime,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant startTime,
    @JsonInclude(JsonInclude.Include.ALWAYS) Instant endTime,
    RuntimeState state,
    String parentTaskId,
    List<ChildTask> childTasks,
    Status error,
    String statusMessage) {

  /** Copies the children; null means none. */
  public PipelineTaskDetail {
    childTasks = childTasks == null ? List.of() : List.copyOf(childTasks);
  }
}
