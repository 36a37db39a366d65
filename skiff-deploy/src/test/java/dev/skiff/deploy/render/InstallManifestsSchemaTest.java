package dev.skiff.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.testing.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rendered built-in object (CRDs included) is valid by the Kubernetes 1.35 schema, strictly;
 * the only other kinds are the GKE and Gateway API ones the values asked for; every object carries
 * the inventory labels.
 */
class InstallManifestsSchemaTest {

  @ParameterizedTest
  @ValueSource(strings = {"default", "gke-iap-gpu", "gateway-external-db"})
  void every_built_in_object_is_valid_by_the_kubernetes_1_35_schema(String values) {
    KubernetesSchemas schemas = KubernetesSchemas.load();
    List<HasMetadata> objects = InstallManifests.render(RenderFixtures.values(values));
    List<String> errors = new ArrayList<>();
    List<String> custom = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof GenericKubernetesResource) {
        custom.add(o.getApiVersion() + "/" + o.getKind());
        continue;
      }
      errors.addAll(schemas.validate(o));
    }
    assertThat(errors).isEmpty();
    assertThat(custom)
        .isSubsetOf(
            "networking.gke.io/v1/ManagedCertificate",
            "cloud.google.com/v1/BackendConfig",
            "gateway.networking.k8s.io/v1/HTTPRoute");
    assertThat(objects.size()).isGreaterThan(15);
  }

  @Test
  void the_validation_bites_a_misspelt_field_in_a_rendered_deployment() {
    KubernetesSchemas schemas = KubernetesSchemas.load();
    Deployment server =
        InstallManifests.render(RenderFixtures.values("default")).stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = Serialization.jsonMapper().convertValue(server, Map.class);
    ((Map<String, Object>) tree.get("spec")).put("replica", 2);
    assertThat(schemas.validate(tree)).singleElement().asString().contains("replica");
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "gke-iap-gpu", "gateway-external-db"})
  void every_object_carries_the_inventory_labels(String values) {
    var v = RenderFixtures.values(values);
    for (HasMetadata o : InstallManifests.render(v)) {
      assertThat(o.getMetadata().getLabels())
          .as("%s %s", o.getKind(), o.getMetadata().getName())
          .containsEntry("app.kubernetes.io/part-of", "skiff")
          .containsEntry("app.kubernetes.io/managed-by", "skiff")
          .containsEntry("skiff.dev/install", v.name());
    }
  }
}
