package dev.skiff.pipeline.model;

import java.util.Optional;

/**
 * A task's {@code triggerPolicy}; the strategy is checked first, then the condition.
 *
 * @param condition a CEL expression over the task's inputs, e.g. {@code
 *     inputs.parameter_values['x'] == 'heads'}
 * @param strategy when the task is ready with respect to its upstream tasks
 */
public record TriggerPolicy(Optional<String> condition, TriggerStrategy strategy) {

  /** The default policy: no condition, all upstream tasks succeeded. */
  public static final TriggerPolicy DEFAULT =
      new TriggerPolicy(Optional.empty(), TriggerStrategy.ALL_UPSTREAM_TASKS_SUCCEEDED);
}
