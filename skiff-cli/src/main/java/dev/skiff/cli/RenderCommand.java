package dev.skiff.cli;

import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code skiff render ...}: prints Kubernetes manifests for GitOps users ({@code kubectl apply -f
 * -}, Kustomize, Argo CD) without touching a cluster.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Print Skiff's Kubernetes manifests (touches no cluster).",
    subcommands = {RenderCommand.Crds.class},
    commandListHeading = "%nCommands:%n")
final class RenderCommand {

  /** {@code skiff render crds}. */
  @Command(
      name = "crds",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Print the CustomResourceDefinitions Skiff's operator reconciles (Kubeflow's",
        "kubeflow.org/v1 Profile and Notebook, with OpenAPI v3 schemas) as YAML.",
        "",
        "Example: skiff render crds | kubectl apply --server-side -f -"
      })
  static final class Crds implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().getOut().print(CustomResourceDefinitions.yaml());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
