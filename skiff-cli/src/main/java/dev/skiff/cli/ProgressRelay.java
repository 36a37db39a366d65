package dev.skiff.cli;

import dev.skiff.engine.drive.RunListener;
import dev.skiff.engine.run.TaskRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Buffers task changes until the run id is known (submit returns after the engine may already have
 * started tasks), then hands them and all later ones to a {@link RunProgress}.
 */
final class ProgressRelay implements RunListener {
  private final PrintWriter out;
  private final List<Object[]> early = new ArrayList<>();
  private RunProgress progress;

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
    for (Object[] e : early) {
      progress.taskChanged((String) e[0], (TaskRun) e[1]);
    }
    early.clear();
  }

  @Override
  public synchronized void taskChanged(String runId, TaskRun task) {
    if (out == null) {
      return;
    }
    if (progress == null) {
      early.add(new Object[] {runId, task});
    } else {
      progress.taskChanged(runId, task);
    }
  }
}
