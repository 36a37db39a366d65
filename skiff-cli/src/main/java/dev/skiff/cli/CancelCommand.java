package dev.skiff.cli;

import dev.skiff.engine.service.RunService;
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
@Command(name = "cancel", description = "Cancel a run.")
final class CancelCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix.")
  String runId;

  @Mixin HomeOptions home;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (LocalEngine engine = LocalEngine.open(home.overrides(), false)) {
      RunService runs = engine.runs();
      String id = RunIds.resolve(runs, runId);
      var state = runs.get(id).orElseThrow().run().state();
      if (state.isTerminal()) {
        spec.commandLine().getOut().printf("run %s already finished: %s%n", id, state);
        return 0;
      }
      // A run in this home that no process is driving (its process died): resume it here so the
      // cancel reaches its steps, then cancel.
      runs.resume(id);
      runs.cancel(id);
      var done = runs.completion(id).join();
      spec.commandLine().getOut().printf("run %s %s%n", id, done.run().state());
      return 0;
    }
  }
}
