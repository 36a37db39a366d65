package dev.skiff.engine.executor;

import java.util.Objects;

/**
 * Names one attempt of one step.
 *
 * @param runId the run
 * @param taskPath the task's path in the run's task tree, unique within the run, e.g. {@code train}
 *     or {@code for-loop-2/iteration-1/train}
 * @param attempt 1 for the first try, 2 for the first retry, ...
 */
public record StepId(String runId, String taskPath, int attempt) {
  public StepId {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(taskPath, "taskPath");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }

  @Override
  public String toString() {
    return runId + "/" + taskPath + "#" + attempt;
  }
}
