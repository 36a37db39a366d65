package dev.skiff.cli;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.service.RunService;
import dev.skiff.engine.service.RunView;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff logs RUN [TASK] [-f]}: the stdout and stderr of a run's steps, every attempt kept
 * apart. Without TASK every step's newest attempt is shown, each under a header.
 */
@Command(name = "logs", description = "Print the logs of a run's steps.")
final class LogsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix.")
  String runId;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TASK",
      description = "A task path as 'skiff get run' shows it (default: all tasks).")
  String task;

  @Option(names = "--attempt", paramLabel = "N", description = "Which attempt (default: newest).")
  int attempt;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing as the step writes, until the run has finished.")
  boolean follow;

  @Mixin HomeOptions home;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (LocalEngine engine = LocalEngine.open(home.overrides(), false)) {
      RunService runs = engine.runs();
      String id = RunIds.resolve(runs, runId);
      RunView view = runs.get(id).orElseThrow();
      List<TaskRun> tasks = view.tasks().stream().filter(t -> !t.attempts().isEmpty()).toList();
      if (task != null) {
        tasks = tasks.stream().filter(t -> t.path().equals(task)).toList();
        if (tasks.isEmpty()) {
          throw new UsageError(
              "run "
                  + id
                  + " has no step '"
                  + task
                  + "' with logs (see 'skiff get run "
                  + id
                  + "')");
        }
      }
      for (TaskRun t : tasks) {
        Attempt a = pick(t);
        if (task == null) {
          out.printf("==> %s (attempt %d, %s) <==%n", t.path(), a.number(), a.state());
        }
        long printed = copy(a.logFile(), 0, out);
        if (follow && task != null) {
          followUntilDone(runs, id, a.logFile(), printed, out);
        }
      }
      out.flush();
      return 0;
    }
  }

  private Attempt pick(TaskRun t) {
    if (attempt == 0) {
      return t.attempts().getLast();
    }
    return t.attempts().stream()
        .filter(a -> a.number() == attempt)
        .findFirst()
        .orElseThrow(
            () ->
                new UsageError(
                    t.path()
                        + " has no attempt "
                        + attempt
                        + " (it has "
                        + t.attempts().size()
                        + ")"));
  }

  private static void followUntilDone(
      RunService runs, String runId, Path log, long offset, PrintWriter out)
      throws IOException, InterruptedException {
    while (true) {
      offset = copy(log, offset, out);
      out.flush();
      if (runs.get(runId).map(v -> v.run().state().isTerminal()).orElse(true)) {
        copy(log, offset, out);
        return;
      }
      Thread.sleep(200);
    }
  }

  /** Prints the file from {@code offset}; returns the new offset. */
  private static long copy(Path file, long offset, PrintWriter out) throws IOException {
    if (!Files.exists(file)) {
      return offset;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length <= offset) {
        return offset;
      }
      raf.seek(offset);
      byte[] bytes = new byte[(int) Math.min(length - offset, Integer.MAX_VALUE - 8)];
      raf.readFully(bytes);
      out.print(new String(bytes, StandardCharsets.UTF_8));
      return offset + bytes.length;
    }
  }
}
