package dev.skiff.cli;

import dev.skiff.api.v2beta1.TaskView;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers task changes until the run id is known (submit returns after the engine may already have
 * started tasks), then hands them and all later ones to a {@link RunProgress}.
 */
final class ProgressRelay implements TaskListener {
  private final PrintWriter out;
  private final List<Change> early = new ArrayList<>();
  private RunProgress progress;

  private record Change(String runId, String path, TaskView task) {}

  ProgressRelay(PrintWriter out) {
    this.out = out;
  }

  /** Starts printing the changes of this run (nothing when there is no output). */
  synchronized void follow(String runId) {
    if (out == null) {
      early.clear();
      return;
    }
    progress = new RunProgress(runId, out);
    for (Change c : early) {
      progress.taskChanged(c.runId(), c.path(), c.task());
    }
    early.clear();
  }

  @Override
  public synchronized void taskChanged(String runId, String path, TaskView task) {
    if (out == null) {
      return;
    }
    if (progress == null) {
      early.add(new Change(runId, path, task));
    } else {
      progress.taskChanged(runId, path, task);
    }
  }
}
