package dev.skiff.cli;

import dev.skiff.deploy.apply.InstallException;
import dev.skiff.deploy.apply.InstallStatus;
import dev.skiff.deploy.apply.ObjectState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code skiff status}: every object of an install and whether it exists and is ready. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Show each object Skiff's install recorded (ConfigMap skiff-inventory): whether it exists,"
          + " CRDs Established, Deployments' and StatefulSets' ready replicas.",
      "Exit codes: 0 healthy, 1 something is missing or not ready, 2 bad input."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin InstallTarget target;
  @Mixin ClusterOptions cluster;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    InstallTarget.Resolved install = target.resolve();
    PrintWriter out = spec.commandLine().getOut();
    try (KubernetesClient client = cluster.connect()) {
      List<ObjectState> states = new InstallStatus(client).read(install.namespace());
      states.forEach(s -> out.println(s.line()));
      long bad = states.stream().filter(s -> !s.healthy()).count();
      out.println(
          bad == 0
              ? "Healthy: " + states.size() + " objects."
              : "Not healthy: " + bad + " of " + states.size() + " objects missing or not ready.");
      out.flush();
      return bad == 0 ? 0 : Main.EXIT_FAILURE;
    } catch (InstallException e) {
      throw new CommandFailure(e.getMessage());
    } catch (KubernetesClientException e) {
      throw new CommandFailure("the Kubernetes API server failed: " + e.getMessage());
    }
  }
}
