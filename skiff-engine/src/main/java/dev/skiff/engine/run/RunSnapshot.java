package dev.skiff.engine.run;

import dev.skiff.pipeline.model.PipelineSpec;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the scheduler looks at, at one instant. The task map is read-only for the scheduler;
 * the engine does not change it while a decision is being made (one thread per run).
 *
 * @param run the run's fields
 * @param spec the pipeline
 * @param tasks every task that has a state, by path; a path not in the map is pending
 * @param now the current time (for retry backoff)
 * @param index which tasks need a look, kept with {@code tasks}; null makes the scheduler walk
 *     every task (same decisions, cost proportional to the run)
 */
public record RunSnapshot(
    RunRecord run, PipelineSpec spec, Map<String, TaskRun> tasks, Instant now, TaskIndex index) {

  /** A snapshot without an index: the scheduler walks every task. */
  public RunSnapshot(RunRecord run, PipelineSpec spec, Map<String, TaskRun> tasks, Instant now) {
    this(run, spec, tasks, now, null);
  }

  /** The task at {@code path}, if it has a state. */
  public Optional<TaskRun> task(String path) {
    return Optional.ofNullable(tasks.get(path));
  }

  /** The state of the task at {@code path}; PENDING when it has none yet. */
  public TaskState stateOf(String path) {
    TaskRun t = tasks.get(path);
    return t == null ? TaskState.PENDING : t.state();
  }
}
