package dev.skiff.engine.run;

import java.util.List;
import java.util.Optional;

/**
 * A run with its task tree, as stored: what {@code skiff get run} shows.
 *
 * @param run the run's fields
 * @param tasks every task that has a state, ordered by path (a task that never started has none)
 */
public record RunView(RunRecord run, List<TaskRun> tasks) {
  /** Copies the tasks. */
  public RunView {
    tasks = List.copyOf(tasks);
  }

  /** The task at {@code path}. */
  public Optional<TaskRun> task(String path) {
    return tasks.stream().filter(t -> t.path().equals(path)).findFirst();
  }
}
