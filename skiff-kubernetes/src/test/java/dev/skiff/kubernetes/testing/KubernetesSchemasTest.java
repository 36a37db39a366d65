package dev.skiff.kubernetes.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesSchemasTest {

  private static Pod pod(String cpu) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .withNamespace("ns")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("python:3.11")
        .withNewResources()
        .withLimits(Map.of("cpu", new Quantity(cpu)))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void aWellFormedPodIsValid() {
    assertThat(KubernetesSchemas.load().validate(pod("500m"))).isEmpty();
  }

  @Test
  void aBadQuantityIsAnError() {
    assertThat(KubernetesSchemas.load().validate(pod("2 cores")))
        .anySatisfy(e -> assertThat(e).contains("cpu"));
  }

  @Test
  void anUnknownFieldIsAnError() throws Exception {
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            new ObjectMapper().readTree(Serialization.asJson(pod("1")));
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("spec"))
        .put("restartPolicyy", "Never");
    assertThat(KubernetesSchemas.load().validate(json))
        .anySatisfy(e -> assertThat(e).contains("restartPolicyy"));
  }

  @Test
  void anUnknownKindIsRefused() {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("example.com/v1");
    r.setKind("Thing");
    assertThatThrownBy(() -> KubernetesSchemas.load().validate(r))
        .hasMessageContaining("example.com/v1/Thing");
  }

  @Test
  void customResourcesAreCheckedAgainstTheirCrd() {
    KubernetesSchemas schemas = KubernetesSchemas.load(); // skips without the shared folder
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: things.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Thing, plural: things, singular: thing, listKind: ThingList}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        required: [size]
                        properties:
                          size: {type: integer, minimum: 1}
                          port: {x-kubernetes-int-or-string: true}
            """,
            CustomResourceDefinition.class);
    assertThat(schemas.validate(crd)).isEmpty();
    GenericKubernetesResource ok = thing(Map.of("size", 2, "port", "http"));
    assertThat(KubernetesSchemas.validate(crd, ok)).isEmpty();
    assertThat(KubernetesSchemas.validate(crd, thing(Map.of("size", 0))))
        .anySatisfy(e -> assertThat(e).contains("size"));
    assertThat(KubernetesSchemas.validate(crd, thing(Map.of("size", 1, "colour", "red"))))
        .anySatisfy(e -> assertThat(e).contains("colour"));
  }

  private static GenericKubernetesResource thing(Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion("example.com/v1");
    r.setKind("Thing");
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("t").build());
    r.setAdditionalProperty("spec", spec);
    return r;
  }
}
