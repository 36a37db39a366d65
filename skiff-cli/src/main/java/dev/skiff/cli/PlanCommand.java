package dev.skiff.cli;

import dev.skiff.deploy.gke.FactsReader;
import dev.skiff.deploy.gke.GcloudFacts;
import dev.skiff.deploy.gke.GkePlan;
import dev.skiff.deploy.gke.GkePlanRequest;
import dev.skiff.deploy.gke.GpuRequest;
import dev.skiff.deploy.gke.Location;
import dev.skiff.deploy.gke.PlanInputException;
import dev.skiff.deploy.gke.PlanSummary;
import dev.skiff.deploy.gke.ProjectFacts;
import dev.skiff.server.Version;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skiff plan gke}: writes an install plan for a cloud and checks the project first. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description =
        "Write an install plan for a cloud, checked against the project before anything runs.",
    subcommands = {PlanCommand.Gke.class},
    commandListHeading = "%nCommands:%n")
final class PlanCommand {
  /** {@code skiff plan gke}. */
  @Command(
      name = "gke",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Write a GKE install plan (install.sh, skiff.yaml, plan.txt) and run its preflight over the"
            + " project's quotas, GPU offers and APIs. Touches nothing in the project: the plan's"
            + " scripts are for you to read and run.",
        "Facts: --facts DIR with region.json, project.json, accelerator-types.json and services.json"
            + " (the outputs of `gcloud compute regions describe R`, `gcloud compute project-info"
            + " describe`, `gcloud compute accelerator-types list` and `gcloud services list"
            + " --enabled`, each with --format=json), else read with gcloud when it is installed.",
        "Exit codes: 0 the plan is feasible, 1 the preflight found problems (all listed), 2 bad input."
      })
  static final class Gke implements Callable<Integer> {
    @Option(
        names = "--project",
        required = true,
        paramLabel = "P",
        description = "Google Cloud project id.")
    String project;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    /** --zone or --region, exactly one. */
    static final class Where {
      @Option(
          names = "--zone",
          paramLabel = "Z",
          description = "Zonal cluster in this zone (recommended).")
      String zone;

      @Option(
          names = "--region",
          paramLabel = "R",
          description = "Regional cluster: every pool's nodes in each of the region's zones.")
      String region;
    }

    @Option(
        names = "--name",
        paramLabel = "N",
        defaultValue = "skiff",
        description = "Cluster name, prefix of every resource's name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--machine-type",
        paramLabel = "T",
        defaultValue = "e2-standard-4",
        description = "CPU pool machine type (default: ${DEFAULT-VALUE}).")
    String machineType;

    @Option(
        names = "--nodes",
        paramLabel = "N",
        defaultValue = "2",
        description = "CPU pool nodes (per zone when regional; default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
        names = "--gpu",
        paramLabel = "TYPE:COUNT",
        description = "GPU pool scaling from 0, e.g. nvidia-tesla-t4:1.")
    String gpu;

    @Option(
        names = "--gpu-max-nodes",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "GPU pool's largest size (per zone when regional; default: ${DEFAULT-VALUE}).")
    int gpuMaxNodes;

    @Option(
        names = "--gpu-machine-type",
        paramLabel = "T",
        description = "GPU pool machine type (default: the smallest that carries the GPUs).")
    String gpuMachineType;

    @Option(
        names = "--domain",
        paramLabel = "D",
        description = "Host name for Skiff: a Google-managed certificate and its DNS record.")
    String domain;

    @Option(
        names = "--dns-zone",
        paramLabel = "ZONE",
        description = "Cloud DNS managed zone holding --domain (else the A record is printed).")
    String dnsZone;

    @Option(
        names = "--iap",
        description = "Guard Skiff with Identity-Aware Proxy (needs --domain).")
    boolean iap;

    @Option(
        names = "--iap-users",
        paramLabel = "MEMBERS",
        split = ",",
        description = "Members allowed through IAP, e.g. user:a@x.com,group:g@x.com.")
    List<String> iapUsers = List.of();

    @Option(
        names = "--cloud-sql",
        description = "Cloud SQL for PostgreSQL instead of a database in the cluster.")
    boolean cloudSql;

    @Option(
        names = "--image",
        paramLabel = "REF",
        description =
            "Skiff's image (default: one in an Artifact Registry repository the plan creates).")
    String image;

    @Option(
        names = "--facts",
        paramLabel = "DIR",
        description = "Folder of the project's facts as saved gcloud JSON.")
    Path facts;

    @Option(
        names = "--gcloud",
        paramLabel = "FILE",
        description =
            "The gcloud to read the facts with when --facts is not given (default: gcloud on PATH).")
    Path gcloud;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "skiff-gke-plan",
        description = "Folder to write the plan into (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--teardown", description = "Also write teardown.sh and verify-teardown.sh.")
    boolean teardown;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      GkePlan plan;
      GkePlanRequest request;
      try {
        request = request();
        Optional<Path> gcloudFound =
            facts != null
                ? Optional.empty()
                : gcloud != null ? Optional.of(gcloud) : GcloudFacts.find(System.getenv("PATH"));
        Optional<ProjectFacts> read =
            facts != null
                ? Optional.of(
                    FactsReader.read(facts, request.project(), request.location().region()))
                : gcloudFound.map(g -> fromGcloud(g, request));
        plan = GkePlan.of(request, read, skippedBecause(request), teardown);
      } catch (PlanInputException e) {
        throw new UsageError(e.getMessage());
      }
      try {
        plan.write(out);
      } catch (UncheckedIOException e) {
        throw new CommandFailure(e.getMessage());
      }
      o.println(
          "Wrote "
              + String.join(", ", plan.files().keySet())
              + " to "
              + out
              + ". Nothing was created in the project.");
      for (String line : PlanSummary.headline(request, plan.needs())) {
        o.println(line);
      }
      o.println();
      o.println("Preflight:");
      o.print(plan.preflight().render());
      o.flush();
      return plan.preflight().feasible() ? 0 : Main.EXIT_FAILURE;
    }

    /** gcloud that fails (not signed in, no permission) is the command failing, not bad input. */
    private static ProjectFacts fromGcloud(Path gcloud, GkePlanRequest request) {
      try {
        return GcloudFacts.read(gcloud, request.project(), request.location().region());
      } catch (PlanInputException e) {
        throw new CommandFailure(e.getMessage() + " (or save the facts and pass --facts DIR)");
      }
    }

    private String skippedBecause(GkePlanRequest request) {
      List<String> commands = FactsReader.commands(request.project(), request.location().region());
      return "gcloud is not on PATH and --facts was not given. Save the outputs of `"
          + String.join("`, `", commands)
          + "` as "
          + String.join(", ", FactsReader.FILES)
          + " in a folder and run again with --facts FOLDER.";
    }

    private GkePlanRequest request() {
      Location location =
          where.zone != null ? new Location.Zone(where.zone) : new Location.Region(where.region);
      return new GkePlanRequest(
          project,
          location,
          name,
          machineType,
          nodes,
          gpu == null ? Optional.empty() : Optional.of(GpuRequest.parse(gpu, gpuMaxNodes)),
          gpuMachineType,
          domain,
          dnsZone,
          iap,
          iapUsers,
          cloudSql,
          image,
          Version.get());
    }
  }
}
