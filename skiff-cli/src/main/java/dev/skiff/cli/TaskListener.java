package dev.skiff.cli;

import dev.skiff.api.v2beta1.TaskView;

/**
 * Hears the task changes of runs as the API shows tasks, whichever way the run is driven: the
 * engine in this process tells each change, a server's run is polled.
 */
@FunctionalInterface
interface TaskListener {
  /**
   * A task of a run was created or changed (it may be told again unchanged).
   *
   * @param path the task's path in the run
   */
  void taskChanged(String runId, String path, TaskView task);
}
