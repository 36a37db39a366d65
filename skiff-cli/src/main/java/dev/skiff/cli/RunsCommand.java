package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.Run;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff runs}: the same list as {@code skiff get runs}, and {@code runs retry|archive|delete
 * RUN} (KFP's {@code :retry}, {@code :archive} and delete).
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "List runs, newest first (as 'skiff get runs'); retry, archive or delete one.",
    subcommands = {RunsCommand.Retry.class, RunsCommand.Archive.class, RunsCommand.Delete.class},
    commandListHeading = "%nCommands:%n")
final class RunsCommand implements Callable<Integer> {
  @Option(names = "--limit", paramLabel = "N", description = "At most N runs (default 50).")
  int limit = 50;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json: KFP-style {\"runs\": [...]}.")
  String output;

  @Mixin HomeOptions home;

  @Mixin RemoteOptions remote;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    boolean json = OutputFormat.isJson(output);
    Limits.check(limit);
    try (RunClient client = RunClients.open(remote, home, false)) {
      GetCommand.Runs.print(client.list(limit), json, spec.commandLine().getOut());
      return 0;
    }
  }

  /** {@code skiff runs retry RUN}. */
  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Retry a failed or canceled run: steps that succeeded keep their outputs, the others",
        "run again. Waits until the run has finished again."
      })
  static final class Retry implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix.")
    String runId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: the run once it has finished.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        String id = RunIds.resolve(catalog, runId);
        Run done = catalog.retryRun(id);
        spec.commandLine()
            .getOut()
            .println(json ? ApiJson.write(done) : "run " + id + " " + done.state());
        return done.state() == dev.skiff.api.v2beta1.RuntimeState.SUCCEEDED ? 0 : 1;
      }
    }
  }

  /** {@code skiff runs archive RUN}. */
  @Command(
      name = "archive",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Archive a run (it stays stored; lists can leave it out).")
  static final class Archive implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix.")
    String runId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: {} as the API answers.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        String id = RunIds.resolve(catalog, runId);
        catalog.archiveRun(id);
        spec.commandLine().getOut().println(json ? "{}" : "archived run " + id);
        return 0;
      }
    }
  }

  /** {@code skiff runs delete RUN}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Delete a run (a running one is canceled first).")
  static final class Delete implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix.")
    String runId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: {} as the API answers.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        String id = RunIds.resolve(catalog, runId);
        catalog.deleteRun(id);
        spec.commandLine().getOut().println(json ? "{}" : "deleted run " + id);
        return 0;
      }
    }
  }
}
