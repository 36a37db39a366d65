package dev.skiff.cli;

import dev.skiff.deploy.apply.InstallException;
import dev.skiff.deploy.apply.InstallStatus;
import dev.skiff.deploy.apply.ObjectRef;
import dev.skiff.deploy.apply.Teardown;
import dev.skiff.deploy.apply.TeardownReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skiff teardown}: deletes exactly what the install recorded and proves it is gone. */
@Command(
    name = "teardown",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Delete exactly the objects Skiff's install recorded (ConfigMap skiff-inventory), CRDs"
          + " last, wait for them to be gone, and verify that nothing labelled with the install"
          + " remains. The database (StatefulSet, PersistentVolumeClaims) and its namespace are"
          + " kept unless --delete-data.",
      "Deleting the CRDs deletes every Profile and Notebook in the cluster.",
      "Exit codes: 0 removed, 1 something remains (listed), 2 bad input or --yes missing."
    })
final class TeardownCommand implements Callable<Integer> {
  @Mixin InstallTarget target;
  @Mixin ClusterOptions cluster;

  @Option(
      names = "--delete-data",
      description = "Also delete the database and its PersistentVolumeClaims.")
  boolean deleteData;

  @Option(names = "--yes", description = "Delete without asking (required).")
  boolean yes;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      paramLabel = "DURATION",
      description = "How long to wait for objects to be gone (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    InstallTarget.Resolved install = target.resolve();
    Duration limit = ClusterOptions.duration("--timeout", timeout);
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = cluster.connect()) {
      if (!yes) {
        List<ObjectRef> refs = new InstallStatus(client).inventory(install.namespace());
        refs.forEach(r -> out.println("would delete  " + r));
        if (refs.stream().anyMatch(r -> r.kind().equals("CustomResourceDefinition"))) {
          out.println(
              "Deleting the CRDs deletes every Profile and Notebook in the cluster"
                  + (deleteData ? "." : "; the database is kept without --delete-data."));
        }
        out.flush();
        throw new UsageError(
            "nothing deleted: pass --yes to delete these "
                + refs.size()
                + " objects of install "
                + install.name());
      }
      TeardownReport report =
          new Teardown(
                  client,
                  line -> {
                    out.println(line);
                    out.flush();
                  })
              .teardown(
                  install.namespace(), install.name(), deleteData, limit, Duration.ofSeconds(1));
      return report.clean() ? 0 : Main.EXIT_FAILURE;
    } catch (InstallException e) {
      throw new CommandFailure(e.getMessage());
    } catch (KubernetesClientException e) {
      throw new CommandFailure("the Kubernetes API server failed: " + e.getMessage());
    }
  }
}
