package dev.skiff.kubernetes.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomResourceDefinitionsTest {

  private static final String SAMPLE =
      """
      apiVersion: kubeflow.org/v1
      kind: Profile
      metadata: {name: kubeflow-user-example-com}
      spec:
        owner: {kind: User, name: user@example.com}
        resourceQuotaSpec:
          hard: {cpu: "8", memory: 16Gi, requests.nvidia.com/gpu: "2", persistentvolumeclaims: 10}
        plugins:
        - kind: WorkloadIdentity
          spec: {gcpServiceAccount: my-sa@my-project.iam.gserviceaccount.com}
        - kind: AwsIamForServiceAccount
          spec: {awsIamRole: "arn:aws:iam::123:role/x", annotateOnly: false}
      status:
        conditions:
        - {type: Ready, status: "True", reason: Reconciled, message: ok,
           lastTransitionTime: "2026-12-05T12:00:00Z"}
      """;

  private final CustomResourceDefinition profiles =
      CustomResourceDefinitions.named("profiles.kubeflow.org");

  @Test
  void everyCrdIsAValidKubernetes135CustomResourceDefinition() {
    KubernetesSchemas schemas = KubernetesSchemas.load();
    assertThat(CustomResourceDefinitions.all()).isNotEmpty();
    for (CustomResourceDefinition crd : CustomResourceDefinitions.all()) {
      assertThat(schemas.validate(crd)).as(crd.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void profileIsClusterScopedKubeflowV1WithStatusSubresource() {
    assertThat(profiles.getSpec().getGroup()).isEqualTo("kubeflow.org");
    assertThat(profiles.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(profiles.getSpec().getNames().getKind()).isEqualTo("Profile");
    CustomResourceDefinitionVersion v1 = profiles.getSpec().getVersions().get(0);
    assertThat(v1.getName()).isEqualTo("v1");
    assertThat(v1.getServed()).isTrue();
    assertThat(v1.getStorage()).isTrue();
    assertThat(v1.getSubresources().getStatus()).isNotNull();
    assertThat(v1.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Owner", "Ready", "Age");
  }

  @Test
  void kubeflowsSampleProfileMatchesTheSchema() {
    assertThat(KubernetesSchemas.validate(profiles, sample(SAMPLE))).isEmpty();
    Profile read = Serialization.unmarshal(SAMPLE, Profile.class);
    assertThat(read.getSpec().owner().name()).isEqualTo("user@example.com");
    assertThat(read.getSpec().plugins().get(0).spec().gcpServiceAccount())
        .isEqualTo("my-sa@my-project.iam.gserviceaccount.com");
    assertThat(read.getSpec().resourceQuotaSpec().getHard().get("memory").toString())
        .isEqualTo("16Gi");
  }

  @Test
  void invalidProfilesAreRefusedByTheSchemaNamingTheField() {
    assertThat(errors(SAMPLE.replace("\"8\"", "lots"))).anyMatch(e -> e.contains("cpu"));
    assertThat(errors(SAMPLE.replace("{kind: User, name: user@example.com}", "{kind: User}")))
        .anyMatch(e -> e.contains("name"));
    assertThat(errors(SAMPLE.replace("kind: User,", "kind: Robot,")))
        .anyMatch(e -> e.contains("kind"));
    assertThat(errors(SAMPLE.replace("owner:", "ownr:"))).isNotEmpty();
  }

  @Test
  void yamlIsOneDocumentPerCrdThatReadsBackAsTheSameCrds() {
    String yaml = CustomResourceDefinitions.yaml();
    assertThat(yaml).startsWith("---\n");
    List<CustomResourceDefinition> docs =
        Arrays.stream(yaml.split("(?m)^---\n"))
            .filter(d -> !d.isBlank())
            .map(d -> Serialization.unmarshal(d, CustomResourceDefinition.class))
            .toList();
    assertThat(docs.stream().map(Serialization::asYaml))
        .containsExactlyElementsOf(
            CustomResourceDefinitions.all().stream().map(Serialization::asYaml).toList());
    assertThat(yaml).contains("profiles.kubeflow.org").contains("openAPIV3Schema");
  }

  private List<String> errors(String yaml) {
    return KubernetesSchemas.validate(profiles, sample(yaml));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> sample(String yaml) {
    return Serialization.unmarshal(yaml, Map.class);
  }
}
