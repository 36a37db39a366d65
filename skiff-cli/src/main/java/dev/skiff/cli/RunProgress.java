package dev.skiff.cli;

import dev.skiff.api.v2beta1.RuntimeState;
import dev.skiff.api.v2beta1.TaskView;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints one line per task state change of one run: what a person watching {@code skiff run} wants
 * to see (which step runs, which finished, how long it took, which attempt). A change told twice (a
 * polled run repeats every task) prints once.
 */
final class RunProgress implements TaskListener {
  private final String runId;
  private final PrintWriter out;
  private final Map<String, String> lastShown = new ConcurrentHashMap<>();

  RunProgress(String runId, PrintWriter out) {
    this.runId = runId;
    this.out = out;
  }

  @Override
  public void taskChanged(String runId, String path, TaskView task) {
    if (!this.runId.equals(runId) || task.state() == RuntimeState.PENDING) {
      return;
    }
    int attempt = task.lastAttempt().map(a -> a.attempt()).orElse(0);
    if ("CONTAINER".equals(task.kind()) && task.state() == RuntimeState.RUNNING && attempt == 0) {
      return; // shown once its attempt has started
    }
    String key = task.state() + "#" + attempt + (task.cached() ? "c" : "");
    if (key.equals(lastShown.put(path, key))) {
      return;
    }
    StringBuilder line = new StringBuilder();
    line.append(String.format("  %-10s %s", task.state(), path));
    if (attempt > 1) {
      line.append(" (attempt ").append(attempt).append(')');
    }
    if (task.cached()) {
      line.append(" (cached)");
    }
    if (task.state().isTerminal()) {
      line.append("  ").append(Durations.between(task.startTime(), task.endTime()));
      if (task.error() != null) {
        line.append("  ").append(task.error());
      }
      if (task.state() == RuntimeState.FAILED && !task.attempts().isEmpty()) {
        line.append("  (skiff logs ").append(this.runId).append(' ').append(path).append(')');
      }
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
