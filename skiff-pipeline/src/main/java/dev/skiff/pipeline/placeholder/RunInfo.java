package dev.skiff.pipeline.placeholder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Run-level values for {@code {{$.pipeline_job_name}}}-style placeholders.
 *
 * @param values placeholder name (the part after {@code $.}, e.g. {@code pipeline_job_uuid}) to
 *     value
 */
public record RunInfo(Map<String, String> values) {

  /** Copies the map. */
  public RunInfo {
    values = Map.copyOf(values);
  }

  /**
   * The usual values.
   *
   * @param jobName the run's display name ({@code pipeline_job_name})
   * @param jobUuid the run id ({@code pipeline_job_uuid})
   * @param taskName the task name ({@code pipeline_task_name})
   * @param taskUuid the task id ({@code pipeline_task_uuid})
   * @param pipelineRoot the artifact root ({@code pipeline_root})
   */
  public static RunInfo of(
      String jobName, String jobUuid, String taskName, String taskUuid, String pipelineRoot) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("pipeline_job_name", jobName);
    v.put("pipeline_job_resource_name", jobName);
    v.put("pipeline_job_uuid", jobUuid);
    v.put("pipeline_task_name", taskName);
    v.put("pipeline_task_uuid", taskUuid);
    v.put("pipeline_root", pipelineRoot);
    return new RunInfo(v);
  }

  /** A copy with one more (or a replaced) value, e.g. {@code with("workspace_path", "/ws")}. */
  public RunInfo with(String name, String value) {
    Map<String, String> v = new LinkedHashMap<>(values);
    v.put(name, value);
    return new RunInfo(v);
  }

  /** The value for a placeholder name. */
  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }
}
