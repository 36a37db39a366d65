package dev.skiff.engine.run;

import dev.skiff.pipeline.json.JsonValue;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A run's own fields (its tasks are separate {@link TaskRun}s).
 *
 * @param id the run id (a UUID)
 * @param pipelineName {@code pipelineInfo.name}
 * @param displayName the run's name
 * @param options what was chosen at submission
 * @param parameters the bound pipeline parameters (defaults applied)
 * @param state its state
 * @param error why it failed
 * @param createdAt when it was submitted
 * @param startedAt when it started
 * @param finishedAt when it finished
 */
public record RunRecord(
    String id,
    String pipelineName,
    String displayName,
    RunOptions options,
    Map<String, JsonValue> parameters,
    RunState state,
    Optional<String> error,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt) {

  /** Copies the parameters. */
  public RunRecord {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * The run's resource name, as KFP's {@code {{$.pipeline_job_resource_name}}} and {@code
   * PipelineTaskFinalStatus.pipelineJobResourceName} give it: on Kubeflow the workflow's name, the
   * pipeline name plus a short random suffix; here the suffix comes from the run id, so it stays
   * the same when a run resumes.
   */
  public String resourceName() {
    // By hand rather than with a regex: it is asked for on every step of a run.
    int n = Math.min(pipelineName.length(), 57);
    StringBuilder b = new StringBuilder(n + 6);
    for (int i = 0; i < n; i++) {
      char c = Character.toLowerCase(pipelineName.charAt(i));
      b.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-');
    }
    b.append('-');
    for (int i = 0, kept = 0; i < id.length() && kept < 5; i++) {
      if (id.charAt(i) != '-') {
        b.append(id.charAt(i));
        kept++;
      }
    }
    return b.toString();
  }

  /**
   * A copy reopened for a retry: PENDING, without its error and end time (it keeps its start time).
   */
  public RunRecord reopened() {
    return new RunRecord(
        id,
        pipelineName,
        displayName,
        options,
        parameters,
        RunState.PENDING,
        Optional.empty(),
        createdAt,
        startedAt,
        Optional.empty());
  }

  /** A copy in another state. */
  public RunRecord withState(RunState next, String why, Instant at) {
    return new RunRecord(
        id,
        pipelineName,
        displayName,
        options,
        parameters,
        next,
        why == null ? error : Optional.of(why),
        createdAt,
        next == RunState.RUNNING && startedAt.isEmpty() ? Optional.of(at) : startedAt,
        next.isTerminal() ? Optional.of(at) : finishedAt);
  }
}
