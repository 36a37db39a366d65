package dev.skiff.cli;

import dev.skiff.deploy.apply.ClusterClients;
import dev.skiff.deploy.apply.InstallException;
import dev.skiff.deploy.apply.InstallOptions;
import dev.skiff.deploy.apply.Installer;
import dev.skiff.deploy.render.DatabaseSecret;
import dev.skiff.deploy.render.InstallManifests;
import dev.skiff.deploy.values.DeployValues;
import dev.skiff.deploy.values.ValuesException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skiff deploy}: renders Skiff's manifests from a values file and applies them. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Install or upgrade Skiff on a Kubernetes cluster in one run: server-side apply (field"
          + " manager skiff) in phases, waiting for CRDs to be Established and workloads to be"
          + " ready, retrying transient errors (webhooks not ready, kinds not served yet, 429/5xx).",
      "Running it again applies only what changed and says 'no changes' otherwise.",
      "Exit codes: 0 installed, 1 the install failed (the object and the fix are named),"
          + " 2 bad input."
    })
final class DeployCommand implements Callable<Integer> {
  @Option(
      names = "--values",
      required = true,
      paramLabel = "FILE",
      description = "Values file (see 'skiff render --help').")
  Path values;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--dry-run",
      description = "Have the API server check every object (dryRun=All); store nothing.")
  boolean dryRun;

  @Option(
      names = "--wait",
      arity = "1",
      defaultValue = "true",
      paramLabel = "true|false",
      description =
          "Wait for Deployments and StatefulSets to be ready (default: ${DEFAULT-VALUE}; CRDs are"
              + " always waited for).")
  boolean waitForWorkloads;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      paramLabel = "DURATION",
      description = "Limit for the whole install, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DeployValues read;
    try {
      read = DeployValues.read(values);
    } catch (ValuesException e) {
      throw new UsageError(e.getMessage());
    }
    InstallOptions options =
        InstallOptions.defaults(read.namespace())
            .withInstall(read.name())
            .withDryRun(dryRun)
            .withWait(waitForWorkloads)
            .withTimeout(ClusterOptions.duration("--timeout", timeout));
    List<HasMetadata> objects = InstallManifests.render(read);
    List<HasMetadata> createOnly =
        read.postgres().isPresent()
            ? List.of(DatabaseSecret.generate(read, new SecureRandom()))
            : List.of();
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = cluster.connect()) {
      out.println(
          (dryRun ? "Checking (dry run) " : "Deploying ")
              + "install "
              + read.name()
              + " to "
              + ClusterClients.describe(client)
              + ", namespace "
              + read.namespace());
      out.flush();
      Installer.serverSide(
              client,
              line -> {
                out.println(line);
                out.flush();
              })
          .install(objects, createOnly, options);
      return 0;
    } catch (InstallException e) {
      throw new CommandFailure(e.getMessage());
    } catch (KubernetesClientException e) {
      throw new CommandFailure("the Kubernetes API server failed: " + e.getMessage());
    }
  }
}
