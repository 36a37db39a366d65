package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * NetworkPolicies for the Skiff namespace: nothing gets in except the server's port (from anywhere:
 * the ingress controller, the load balancer's health checks and step pods in profile namespaces)
 * and PostgreSQL's port from the server's pods. Egress stays open: the server reaches the API
 * server, the bucket and the identity provider.
 */
final class NetworkPolicies {
  private NetworkPolicies() {}

  static List<HasMetadata> of(DeployValues v) {
    List<HasMetadata> out = new ArrayList<>();
    out.add(
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("skiff-default-deny-ingress")
            .withNamespace(v.namespace())
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .endSpec()
            .build());
    out.add(
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("skiff-server-ingress")
            .withNamespace(v.namespace())
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .withMatchLabels(InstallLabels.podSelector(v.name(), ServerDeployment.COMPONENT))
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .addNewPort()
            .withProtocol("TCP")
            .withPort(new IntOrString(v.port()))
            .endPort()
            .endIngress()
            .endSpec()
            .build());
    if (v.postgres().isPresent()) {
      out.add(
          new NetworkPolicyBuilder()
              .withNewMetadata()
              .withName("skiff-postgres-ingress")
              .withNamespace(v.namespace())
              .endMetadata()
              .withNewSpec()
              .withNewPodSelector()
              .withMatchLabels(InstallLabels.podSelector(v.name(), PostgresManifests.COMPONENT))
              .endPodSelector()
              .withPolicyTypes("Ingress")
              .addNewIngress()
              .addNewFrom()
              .withNewPodSelector()
              .withMatchLabels(InstallLabels.podSelector(v.name(), ServerDeployment.COMPONENT))
              .endPodSelector()
              .endFrom()
              .addNewPort()
              .withProtocol("TCP")
              .withPort(new IntOrString(5432))
              .endPort()
              .endIngress()
              .endSpec()
              .build());
    }
    return out;
  }
}
