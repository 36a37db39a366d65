package dev.skiff.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff cancel RUN}: stops a run; its running steps' process groups are killed and the run
 * ends CANCELED.
 */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Cancel a run.")
final class CancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix.")
  String runId;

  @Mixin HomeOptions home;

  @Mixin RemoteOptions remote;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (RunClient runs = RunClients.open(remote, home, false)) {
      String id = RunIds.resolve(runs, runId);
      var state = runs.get(id).orElseThrow().state();
      if (state.isTerminal()) {
        spec.commandLine().getOut().printf("run %s already finished: %s%n", id, state);
        return 0;
      }
      runs.requestCancel(id);
      var done = runs.await(id);
      spec.commandLine().getOut().printf("run %s %s%n", id, done.state());
      return 0;
    }
  }
}
