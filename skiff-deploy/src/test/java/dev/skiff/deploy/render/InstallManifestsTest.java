package dev.skiff.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the values choose shows up in the objects, and the objects agree with each other. */
class InstallManifestsTest {

  @Test
  void namespace_then_crds_come_first_and_selectors_match_the_pods() {
    List<HasMetadata> objects = InstallManifests.render(RenderFixtures.values("default"));
    assertThat(objects.get(0)).isInstanceOf(Namespace.class);
    assertThat(objects.subList(1, 3)).allMatch(CustomResourceDefinition.class::isInstance);
    Deployment server = only(objects, Deployment.class);
    Map<String, String> pods = server.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(pods).containsAllEntriesOf(server.getSpec().getSelector().getMatchLabels());
    Service skiff = named(objects, Service.class, "skiff");
    assertThat(pods).containsAllEntriesOf(skiff.getSpec().getSelector());
    assertThat(skiff.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
    assertThat(pods)
        .containsAllEntriesOf(
            only(objects, PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
    StatefulSet db = only(objects, StatefulSet.class);
    assertThat(db.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(db.getSpec().getSelector().getMatchLabels());
    assertThat(only(objects, ConfigMap.class).getData().get("skiff.yaml"))
        .contains("url: jdbc:postgresql://skiff-postgres.skiff.svc.cluster.local:5432/skiff");
    assertThat(server.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
        .extracting(e -> e.getName())
        .containsExactly("SKIFF_HOME", "SKIFF_DB_PASSWORD", "SKIFF_OIDC_CLIENT_SECRET");
    assertThat(objects).filteredOn(NetworkPolicy.class::isInstance).hasSize(3);
    assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
  }

  @Test
  void gke_iap_annotates_the_service_and_the_service_account_and_turns_iap_on() {
    List<HasMetadata> objects = InstallManifests.render(RenderFixtures.values("gke-iap-gpu"));
    assertThat(named(objects, Service.class, "skiff").getMetadata().getAnnotations())
        .containsEntry("cloud.google.com/backend-config", "{\"default\": \"skiff\"}");
    assertThat(only(objects, ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry(
            "iam.gke.io/gcp-service-account", "skiff-server@my-proj.iam.gserviceaccount.com");
    GenericKubernetesResource backend = custom(objects, "BackendConfig");
    assertThat((Object) backend.get("spec", "iap", "enabled")).isEqualTo(true);
    assertThat((Object) backend.get("spec", "iap", "oauthclientCredentials", "secretName"))
        .isEqualTo("skiff-iap-oauth");
    assertThat((Object) backend.get("spec", "healthCheck", "requestPath")).isEqualTo("/healthz");
    assertThat((Object) custom(objects, "ManagedCertificate").get("spec", "domains"))
        .isEqualTo(List.of("skiff.example.com"));
  }

  @Test
  void an_external_database_and_a_gateway_render_no_postgres_and_an_http_route() {
    List<HasMetadata> objects =
        InstallManifests.render(RenderFixtures.values("gateway-external-db"));
    assertThat(objects).noneMatch(StatefulSet.class::isInstance);
    assertThat(objects).noneMatch(NetworkPolicy.class::isInstance);
    assertThat(only(objects, Deployment.class).getSpec().getReplicas()).isEqualTo(3);
    assertThat(only(objects, ConfigMap.class).getData().get("skiff.yaml"))
        .contains("url: jdbc:postgresql://10.20.0.3:5432/skiff");
    GenericKubernetesResource route = custom(objects, "HTTPRoute");
    assertThat((Object) route.get("spec", "parentRefs"))
        .isEqualTo(List.of(Map.of("name", "shared", "namespace", "gateways")));
    assertThat((Object) route.get("spec", "hostnames"))
        .isEqualTo(List.of("skiff.internal.example.com"));
  }

  @Test
  void the_generated_database_secret_is_random_and_labelled() {
    var values = RenderFixtures.values("default");
    var a = DatabaseSecret.generate(values, new SecureRandom());
    var b = DatabaseSecret.generate(values, new SecureRandom());
    assertThat(a.getMetadata().getName()).isEqualTo("skiff-db");
    assertThat(a.getStringData().get("password"))
        .hasSize(32)
        .isNotEqualTo(b.getStringData().get("password"));
    assertThat(a.getMetadata().getLabels()).containsEntry("skiff.dev/install", "skiff");
  }

  private static GenericKubernetesResource custom(List<HasMetadata> objects, String kind) {
    return objects.stream()
        .filter(o -> o instanceof GenericKubernetesResource && o.getKind().equals(kind))
        .map(GenericKubernetesResource.class::cast)
        .findFirst()
        .orElseThrow();
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.getFirst();
  }
}
