package dev.skiff.pipeline.model;

import java.util.Map;
import java.util.Optional;

/**
 * A DAG of tasks with the outputs it exposes.
 *
 * @param tasks tasks by key; references between tasks use these keys
 * @param outputs how the DAG's outputs are taken from its tasks
 */
public record DagSpec(Map<String, PipelineTask> tasks, DagOutputs outputs)
    implements ComponentImpl {

  /** Copies the task map, keeping its order. */
  public DagSpec {
    tasks = Copies.map(tasks);
  }

  /** The task with this key. */
  public Optional<PipelineTask> task(String key) {
    return Optional.ofNullable(tasks.get(key));
  }
}
