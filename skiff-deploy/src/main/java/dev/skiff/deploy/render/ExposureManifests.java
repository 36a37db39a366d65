package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import dev.skiff.deploy.values.DeployValues.Exposure;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How users reach the server from outside: an Ingress (with a TLS Secret, or a GKE
 * ManagedCertificate and static IP) or a Gateway API HTTPRoute; on GKE a BackendConfig that points
 * the load balancer's health check at {@code /healthz}, keeps notebook websockets open and, with
 * {@code auth.mode: iap}, turns IAP on. ManagedCertificate, BackendConfig and HTTPRoute are CRD
 * kinds, emitted only when the values ask for them.
 */
final class ExposureManifests {
  static final String BACKEND_CONFIG = "skiff";
  static final String INGRESS = "skiff";
  static final String CERTIFICATE = "skiff";

  private ExposureManifests() {}

  static List<HasMetadata> of(DeployValues v) {
    Exposure e = v.exposure();
    List<HasMetadata> out = new ArrayList<>();
    switch (e.type()) {
      case "ingress" -> {
        if (e.managedCertificate()) {
          out.add(managedCertificate(v));
        }
        if (gkeIngress(v)) {
          out.add(backendConfig(v));
        }
        out.add(ingress(v));
      }
      case "gateway" -> out.add(httpRoute(v));
      default -> {}
    }
    return out;
  }

  /** Whether the Ingress is GKE's (its features were asked for), so the BackendConfig applies. */
  static boolean gkeIngress(DeployValues v) {
    Exposure e = v.exposure();
    return e.type().equals("ingress")
        && (e.ingressClassName().equals("gce")
            || e.managedCertificate()
            || !e.staticIpName().isEmpty()
            || v.auth().mode().equals("iap"));
  }

  private static HasMetadata ingress(DeployValues v) {
    Exposure e = v.exposure();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (e.ingressClassName().equals("gce")) {
      // GKE's controller reads the class from the annotation
      annotations.put("kubernetes.io/ingress.class", "gce");
    }
    if (!e.staticIpName().isEmpty()) {
      annotations.put("kubernetes.io/ingress.global-static-ip-name", e.staticIpName());
    }
    if (e.managedCertificate()) {
      annotations.put("networking.gke.io/managed-certificates", CERTIFICATE);
      annotations.put("kubernetes.io/ingress.allow-http", "false");
    }
    IngressBuilder b =
        new IngressBuilder()
            .withNewMetadata()
            .withName(INGRESS)
            .withNamespace(v.namespace())
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .endMetadata()
            .withNewSpec()
            .addNewRule()
            .withHost(e.host())
            .withNewHttp()
            .addNewPath()
            .withPath("/")
            .withPathType("Prefix")
            .withNewBackend()
            .withNewService()
            .withName(ServerManifests.SERVICE)
            .withNewPort()
            .withNumber(v.port())
            .endPort()
            .endService()
            .endBackend()
            .endPath()
            .endHttp()
            .endRule()
            .endSpec();
    if (!e.ingressClassName().isEmpty() && !e.ingressClassName().equals("gce")) {
      b.editSpec().withIngressClassName(e.ingressClassName()).endSpec();
    }
    if (!e.tlsSecretName().isEmpty()) {
      b.editSpec()
          .addNewTl()
          .withHosts(e.host())
          .withSecretName(e.tlsSecretName())
          .endTl()
          .endSpec();
    }
    return b.build();
  }

  private static GenericKubernetesResource managedCertificate(DeployValues v) {
    return resource(
        "networking.gke.io/v1",
        "ManagedCertificate",
        CERTIFICATE,
        v,
        Map.of("domains", List.of(v.exposure().host())));
  }

  private static GenericKubernetesResource backendConfig(DeployValues v) {
    Map<String, Object> spec = new LinkedHashMap<>();
    // notebooks keep websockets open; the default 30 s would cut them
    spec.put("timeoutSec", 3600);
    Map<String, Object> health = new LinkedHashMap<>();
    health.put("type", "HTTP");
    health.put("requestPath", "/healthz");
    health.put("port", v.port());
    spec.put("healthCheck", health);
    if (v.auth().mode().equals("iap")) {
      Map<String, Object> iap = new LinkedHashMap<>();
      iap.put("enabled", true);
      if (!v.auth().iapOauthSecret().isEmpty()) {
        iap.put("oauthclientCredentials", Map.of("secretName", v.auth().iapOauthSecret()));
      }
      spec.put("iap", iap);
    }
    return resource("cloud.google.com/v1", "BackendConfig", BACKEND_CONFIG, v, spec);
  }

  private static GenericKubernetesResource httpRoute(DeployValues v) {
    Exposure e = v.exposure();
    Map<String, Object> parent = new LinkedHashMap<>();
    parent.put("name", e.gatewayName());
    if (!e.gatewayNamespace().isEmpty()) {
      parent.put("namespace", e.gatewayNamespace());
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("parentRefs", List.of(parent));
    spec.put("hostnames", List.of(e.host()));
    Map<String, Object> backend = new LinkedHashMap<>();
    backend.put("name", ServerManifests.SERVICE);
    backend.put("port", v.port());
    spec.put("rules", List.of(Map.of("backendRefs", List.of(backend))));
    return resource("gateway.networking.k8s.io/v1", "HTTPRoute", INGRESS, v, spec);
  }

  private static GenericKubernetesResource resource(
      String apiVersion, String kind, String name, DeployValues v, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(v.namespace())
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }
}
