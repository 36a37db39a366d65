package dev.skiff.deploy.apply;

import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small install of Skiff's shape for the installer's tests, and test options. */
public final class TestCluster {
  public static final String NS = "skiff-test";

  private TestCluster() {}

  /** Options with millisecond pacing and {@code timeout}. */
  public static InstallOptions options(Duration timeout) {
    return InstallOptions.defaults(NS)
        .withTimeout(timeout)
        .withPacing(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(25));
  }

  /**
   * Namespace, Skiff's CRDs, a service account with a ClusterRole and binding, a ConfigMap, the
   * server Deployment (2 replicas) and Service, and a database StatefulSet with a claim template.
   */
  public static List<HasMetadata> objects() {
    Map<String, String> server = Map.of("app", "skiff-server");
    Map<String, String> db = Map.of("app", "skiff-postgres");
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build());
    objects.addAll(CustomResourceDefinitions.all());
    objects.add(
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName("skiff")
            .withNamespace(NS)
            .endMetadata()
            .build());
    objects.add(
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName("skiff-test-operator")
            .endMetadata()
            .addNewRule()
            .withApiGroups("kubeflow.org")
            .withResources("profiles", "notebooks")
            .withVerbs("*")
            .endRule()
            .build());
    objects.add(
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName("skiff-test-operator")
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "skiff-test-operator")
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName("skiff")
            .withNamespace(NS)
            .endSubject()
            .build());
    objects.add(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("skiff-config")
            .withNamespace(NS)
            .endMetadata()
            .addToData("skiff.yaml", "engine:\n  executor: kubernetes\n")
            .build());
    objects.add(
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("skiff")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withNewSelector()
            .withMatchLabels(server)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(server)
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName("skiff")
            .addNewContainer()
            .withName("server")
            .withImage("ghcr.io/skiff/skiff:test")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
    objects.add(
        new ServiceBuilder()
            .withNewMetadata()
            .withName("skiff")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withSelector(server)
            .addNewPort()
            .withPort(8080)
            .endPort()
            .endSpec()
            .build());
    objects.add(
        new StatefulSetBuilder()
            .withNewMetadata()
            .withName("skiff-postgres")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withServiceName("skiff-postgres")
            .withNewSelector()
            .withMatchLabels(db)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(db)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("postgres")
            .withImage("postgres:17")
            .endContainer()
            .endSpec()
            .endTemplate()
            .addNewVolumeClaimTemplate()
            .withNewMetadata()
            .withName("data")
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity("1Gi"))
            .endResources()
            .endSpec()
            .endVolumeClaimTemplate()
            .endSpec()
            .build());
    return objects;
  }
}
