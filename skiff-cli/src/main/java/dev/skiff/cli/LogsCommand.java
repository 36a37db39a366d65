package dev.skiff.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff logs RUN [TASK] [-f]}: the stdout and stderr of a run's steps, every attempt kept
 * apart. Without TASK every step's newest attempt is shown, each under a header (see the server's
 * {@code RunLogs}, which both the in-process and the server path use).
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Print the logs of a run's steps.")
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
      description = "Keep printing as the step writes, until the run has finished (with TASK).")
  boolean follow;

  @Mixin HomeOptions home;

  @Mixin RemoteOptions remote;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (attempt < 0) {
      throw new UsageError("--attempt must be 1 or more, got " + attempt);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (RunClient runs = RunClients.open(remote, home, false)) {
      String id = RunIds.resolve(runs, runId);
      runs.printLogs(id, task, attempt, follow, out);
      out.flush();
      return 0;
    }
  }
}
