package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.Experiment;
import dev.skiff.api.v2beta1.ListExperimentsResponse;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skiff experiments create|list|archive}: groups of runs, as KFP's experiments. */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Create, list and archive experiments (groups of runs).",
    subcommands = {
      ExperimentsCommand.Create.class,
      ExperimentsCommand.ListExperiments.class,
      ExperimentsCommand.Archive.class
    },
    commandListHeading = "%nCommands:%n")
final class ExperimentsCommand {

  /** {@code skiff experiments create NAME}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Create an experiment.")
  static final class Create implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Its name (unique).")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
    String description;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: the KFP Experiment.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        Experiment e = catalog.createExperiment(name, description);
        spec.commandLine()
            .getOut()
            .println(
                json
                    ? ApiJson.write(e)
                    : "created experiment " + e.displayName() + " (" + e.experimentId() + ")");
        return 0;
      }
    }
  }

  /** {@code skiff experiments list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "List experiments, oldest first.")
  static final class ListExperiments implements Callable<Integer> {
    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 100).")
    int limit = 100;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: KFP's {\"experiments\": [...], \"total_size\": n}.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      Limits.check(limit);
      PrintWriter out = spec.commandLine().getOut();
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        ListExperimentsResponse r = catalog.listExperiments(limit, "");
        if (json) {
          out.println(ApiJson.write(r));
          return 0;
        }
        out.printf(
            "%-36s  %-30s  %-10s  %-20s  %s%n",
            "EXPERIMENT ID", "NAME", "STATE", "CREATED", "LAST RUN");
        for (Experiment e : r.experiments()) {
          out.printf(
              "%-36s  %-30s  %-10s  %-20s  %s%n",
              e.experimentId(),
              GetCommand.truncate(e.displayName(), 30),
              e.storageState(),
              e.createdAt().toString().substring(0, 19).replace('T', ' '),
              e.lastRunCreatedAt() == null
                  ? ""
                  : e.lastRunCreatedAt().toString().substring(0, 19).replace('T', ' '));
        }
        return 0;
      }
    }
  }

  /** {@code skiff experiments archive EXPERIMENT}. */
  @Command(
      name = "archive",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Archive an experiment and its runs.")
  static final class Archive implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "An experiment id or name.")
    String experiment;

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
        Experiment e =
            catalog
                .experiment(experiment)
                .or(() -> catalog.experimentNamed(experiment))
                .orElseThrow(
                    () ->
                        new UsageError(
                            "no experiment '" + experiment + "' (see 'skiff experiments list')"));
        catalog.archiveExperiment(e.experimentId());
        spec.commandLine()
            .getOut()
            .println(json ? "{}" : "archived experiment " + e.displayName() + " and its runs");
        return 0;
      }
    }
  }
}
