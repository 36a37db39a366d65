package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server: its {@code skiff.yaml} ConfigMap, the Deployment, Service {@code skiff} (the server
 * computes its in-cluster URL {@code http://skiff.<ns>.svc.<domain>:<port>/} from that name) and a
 * PodDisruptionBudget that lets a drain take one replica at a time.
 */
final class ServerManifests {
  /** The Service name the server's in-cluster URL depends on. */
  static final String SERVICE = "skiff";

  static final String CONFIG_MAP = "skiff-config";

  private ServerManifests() {}

  static List<HasMetadata> of(DeployValues v) {
    Map<String, String> selector = InstallLabels.podSelector(v.name(), ServerDeployment.COMPONENT);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (ExposureManifests.gkeIngress(v)) {
      // container-native load balancing (NEGs) lets a GKE Ingress reach a ClusterIP Service
      annotations.put("cloud.google.com/neg", "{\"ingress\": true}");
      annotations.put(
          "cloud.google.com/backend-config",
          "{\"default\": \"" + ExposureManifests.BACKEND_CONFIG + "\"}");
    }
    return List.of(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(CONFIG_MAP)
            .withNamespace(v.namespace())
            .endMetadata()
            .withData(Map.of(ServerConfigFile.FILE, ServerConfigFile.of(v)))
            .build(),
        ServerDeployment.of(v),
        new ServiceBuilder()
            .withNewMetadata()
            .withName(SERVICE)
            .withNamespace(v.namespace())
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP")
            .withSelector(selector)
            .addNewPort()
            .withName("http")
            .withPort(v.port())
            .withTargetPort(new IntOrString("http"))
            .withProtocol("TCP")
            .endPort()
            .endSpec()
            .build(),
        new PodDisruptionBudgetBuilder()
            .withNewMetadata()
            .withName(ServerDeployment.NAME)
            .withNamespace(v.namespace())
            .endMetadata()
            .withNewSpec()
            .withMaxUnavailable(new IntOrString(1))
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            .endSpec()
            .build());
  }
}
