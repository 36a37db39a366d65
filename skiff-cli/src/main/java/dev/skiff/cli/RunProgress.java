package dev.skiff.cli;

import dev.skiff.engine.drive.RunListener;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints one line per task state change of one run: what a person watching {@code skiff run} wants
 * to see (which step runs, which finished, how long it took, which attempt).
 */
final class RunProgress implements RunListener {
  private final String runId;
  private final PrintWriter out;
  private final Map<String, String> lastShown = new ConcurrentHashMap<>();

  RunProgress(String runId, PrintWriter out) {
    this.runId = runId;
    this.out = out;
  }

  @Override
  public void taskChanged(String runId, TaskRun task) {
    if (!this.runId.equals(runId) || task.state() == TaskState.PENDING) {
      return;
    }
    int attempt = task.attempts().isEmpty() ? 0 : task.attempts().getLast().number();
    if (task.kind() == TaskKind.CONTAINER && task.state() == TaskState.RUNNING && attempt == 0) {
      return; // shown once its attempt has started
    }
    String key = task.state() + "#" + attempt + (task.cached() ? "c" : "");
    if (key.equals(lastShown.put(task.path(), key))) {
      return;
    }
    StringBuilder line = new StringBuilder();
    line.append(String.format("  %-10s %s", task.state(), task.path()));
    if (attempt > 1) {
      line.append(" (attempt ").append(attempt).append(')');
    }
    if (task.cached()) {
      line.append(" (cached)");
    }
    if (task.state().isTerminal()) {
      line.append("  ").append(Durations.between(task.startedAt(), task.finishedAt()));
      task.error().ifPresent(e -> line.append("  ").append(e));
      if (task.state() == TaskState.FAILED && !task.attempts().isEmpty()) {
        line.append("  (skiff logs ")
            .append(this.runId)
            .append(' ')
            .append(task.path())
            .append(')');
      }
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
