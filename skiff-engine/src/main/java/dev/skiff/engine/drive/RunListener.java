package dev.skiff.engine.drive;

import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.TaskRun;

/**
 * Live progress of runs, told after each change is stored, on the run's engine thread: keep it
 * quick (hand work off to another thread), and do not call back into {@link RunService#await}.
 */
public interface RunListener {
  /** A run changed state. */
  default void runChanged(RunRecord run) {}

  /** A task was created or changed (state, attempt, outputs). */
  default void taskChanged(String runId, TaskRun task) {}
}
