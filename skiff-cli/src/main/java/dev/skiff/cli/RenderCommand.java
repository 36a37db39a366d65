package dev.skiff.cli;

import dev.skiff.deploy.render.Footprint;
import dev.skiff.deploy.render.InstallManifests;
import dev.skiff.deploy.values.DeployValues;
import dev.skiff.deploy.values.ValuesException;
import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skiff render ...}: prints Kubernetes manifests for GitOps users ({@code kubectl apply -f
 * -}, Kustomize, Argo CD) without touching a cluster. {@code skiff render --values FILE} prints
 * every object of an install; {@code skiff render crds} only the CRDs.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Print every manifest that installs Skiff on a cluster, from one values file, as",
      "multi-document YAML (touches no cluster): namespace, CRDs, RBAC, the server",
      "Deployment and Service, PostgreSQL or an external database, Ingress or HTTPRoute,",
      "GKE ManagedCertificate and BackendConfig, NetworkPolicies. Secrets are not printed:",
      "create the ones the values name (database.passwordSecret, ...) beforehand.",
      "Every key of the values file is in the README's 'Installing on Kubernetes' table.",
      "",
      "Example: skiff render --values values.yaml | kubectl apply --server-side -f -"
    },
    subcommands = {RenderCommand.Crds.class},
    commandListHeading = "%nCommands:%n")
final class RenderCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--values",
      paramLabel = "FILE",
      description = "The values file (YAML); required unless a subcommand is given.")
  Path values;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Install name, overriding the file's 'name' (default skiff).")
  String name;

  @Option(
      names = "--footprint",
      description =
          "Print only what Skiff's own components request (server replicas + PostgreSQL)"
              + " against the budget of 1 CPU and 1.5 GiB.")
  boolean footprint;

  @Override
  public Integer call() {
    if (values == null) {
      throw new UsageError(
          "give the values file: skiff render --values FILE (or skiff render crds; see 'skiff"
              + " render --help')");
    }
    List<HasMetadata> objects;
    try {
      DeployValues v = DeployValues.read(values);
      objects = InstallManifests.render(name == null ? v : v.withName(name));
    } catch (ValuesException e) {
      throw new UsageError(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(footprint ? Footprint.of(objects).line() + "\n" : InstallManifests.yaml(objects));
    out.flush();
    return 0;
  }

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
