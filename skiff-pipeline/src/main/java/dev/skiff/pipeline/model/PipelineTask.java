package dev.skiff.pipeline.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One task of a DAG.
 *
 * @param key the key in {@code dag.tasks}; other tasks refer to this task by it
 * @param name {@code taskInfo.name}, the display name (normally equal to the key)
 * @param componentRef the key into {@code components}
 * @param dependentTasks ordering edges (the SDK lists data producers here too)
 * @param parameters input parameters by input name
 * @param artifacts input artifacts by input name
 * @param triggerPolicy condition and strategy, when given
 * @param iterator a ParallelFor over parameters or artifacts, when given
 * @param retryPolicy retries, when given
 * @param cachingOptions cache settings
 */
public record PipelineTask(
    String key,
    String name,
    String componentRef,
    List<String> dependentTasks,
    Map<String, TaskParameter> parameters,
    Map<String, ArtifactSource> artifacts,
    Optional<TriggerPolicy> triggerPolicy,
    Optional<TaskIterator> iterator,
    Optional<RetryPolicy> retryPolicy,
    CachingOptions cachingOptions) {

  /** Copies the collections. */
  public PipelineTask {
    dependentTasks = List.copyOf(dependentTasks);
    parameters = Copies.map(parameters);
    artifacts = Copies.map(artifacts);
  }

  /**
   * Every sibling task this task waits for: {@code dependentTasks} plus the producers named by its
   * inputs ({@code taskOutputParameter}, {@code taskOutputArtifact}, {@code taskFinalStatus}), in
   * that order without duplicates.
   */
  public Set<String> upstreamTasks() {
    Set<String> upstream = new LinkedHashSet<>(dependentTasks);
    for (TaskParameter p : parameters.values()) {
      switch (p.source()) {
        case ParameterSource.TaskOutput t -> upstream.add(t.producerTask());
        case ParameterSource.TaskFinalStatus t -> upstream.add(t.producerTask());
        default -> {}
      }
    }
    for (ArtifactSource a : artifacts.values()) {
      if (a instanceof ArtifactSource.TaskOutputArtifact t) {
        upstream.add(t.producerTask());
      }
    }
    return upstream;
  }

  /** The trigger strategy, defaulting to all-upstream-succeeded. */
  public TriggerStrategy strategy() {
    return triggerPolicy
        .map(TriggerPolicy::strategy)
        .orElse(TriggerStrategy.ALL_UPSTREAM_TASKS_SUCCEEDED);
  }
}
