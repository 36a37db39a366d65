package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object that installs Skiff on a cluster, from one {@link DeployValues}: the namespace, the
 * Profile and Notebook CRDs, RBAC, the server (ConfigMap with its {@code skiff.yaml}, Deployment,
 * Service {@code skiff}, PodDisruptionBudget), PostgreSQL (unless external), exposure (Ingress or
 * HTTPRoute, GKE ManagedCertificate and BackendConfig) and NetworkPolicies. Each object carries the
 * inventory labels ({@link InstallLabels}). The order is an apply order: namespace and CRDs first.
 *
 * <p>Secrets are not rendered (a GitOps repository must not hold them): the values name the Secrets
 * the server reads; {@link DatabaseSecret} makes the database password's once.
 */
public final class InstallManifests {
  private InstallManifests() {}

  /** The objects, namespace and CRDs first, each with the inventory labels. */
  public static List<HasMetadata> render(DeployValues values) {
    List<HasMetadata> out = new ArrayList<>();
    out.add(
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(values.namespace())
            .endMetadata()
            .build());
    out.addAll(CustomResourceDefinitions.all());
    out.addAll(RbacManifests.of(values));
    out.addAll(ServerManifests.of(values));
    values.postgres().ifPresent(p -> out.addAll(PostgresManifests.of(values, p)));
    out.addAll(ExposureManifests.of(values));
    if (values.networkPolicy()) {
      out.addAll(NetworkPolicies.of(values));
    }
    return out.stream().map(o -> InstallLabels.apply(o, values.name())).toList();
  }

  /** The objects as one multi-document YAML stream. */
  public static String yaml(List<HasMetadata> objects) {
    StringBuilder b = new StringBuilder();
    for (HasMetadata o : objects) {
      String doc = Serialization.asYaml(o);
      b.append(doc.startsWith("---") ? doc : "---\n" + doc);
      if (!doc.endsWith("\n")) {
        b.append('\n');
      }
    }
    return b.toString();
  }
}
