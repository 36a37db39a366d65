package dev.skiff.kubernetes.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfilePlugin;
import dev.skiff.kubernetes.resource.ProfilePluginSpec;
import dev.skiff.kubernetes.resource.ProfileSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpecBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileCheckTest {

  private static String problem(String name, ProfileSpec spec) {
    return ProfileCheck.problem(Profile.of(name, spec)).orElse("");
  }

  private static ProfileSpec withQuota(String key, String value) {
    return new ProfileSpec(
        ProfileOwner.user("a@x.org"),
        new ResourceQuotaSpecBuilder().addToHard(key, new Quantity(value)).build(),
        null);
  }

  private static ProfileSpec withPlugin(ProfilePlugin plugin) {
    return new ProfileSpec(ProfileOwner.user("a@x.org"), null, List.of(plugin));
  }

  @Test
  void aValidProfileHasNoProblem() {
    assertThat(ProfileCheck.problem(Profile.of("team-a", ProfileObjectsTest.fullSpec()))).isEmpty();
    assertThat(problem("team-a", withQuota("memory", "16Gi"))).isEmpty();
    assertThat(problem("team-a", withQuota("cpu", "500m"))).isEmpty();
  }

  @Test
  void eachProblemNamesItsField() {
    assertThat(problem("Team_A", withQuota("cpu", "1"))).startsWith("metadata.name 'Team_A'");
    assertThat(problem("team-a", null)).isEqualTo("spec is missing");
    assertThat(problem("team-a", new ProfileSpec(null, null, null)))
        .isEqualTo("spec.owner is missing");
    assertThat(
            problem(
                "team-a", new ProfileSpec(new ProfileOwner("User", " ", null, null), null, null)))
        .isEqualTo("spec.owner.name is missing");
    assertThat(
            problem(
                "team-a", new ProfileSpec(new ProfileOwner("Robot", "r", null, null), null, null)))
        .startsWith("spec.owner.kind 'Robot'");
    assertThat(
            problem(
                "team-a",
                new ProfileSpec(new ProfileOwner("ServiceAccount", "sa", null, null), null, null)))
        .startsWith("spec.owner.namespace is missing");
    assertThat(problem("team-a", withQuota("cpu", "lots")))
        .isEqualTo(
            "spec.resourceQuotaSpec.hard.cpu: 'lots' is not a quantity (e.g. 4, 500m, 16Gi)");
    assertThat(problem("team-a", withPlugin(new ProfilePlugin("WorkloadIdentity", null))))
        .isEqualTo("spec.plugins[0].spec.gcpServiceAccount is missing");
    assertThat(
            problem(
                "team-a",
                withPlugin(
                    new ProfilePlugin(
                        "AwsIamForServiceAccount", new ProfilePluginSpec(null, "", false)))))
        .isEqualTo("spec.plugins[0].spec.awsIamRole is missing");
    assertThat(problem("team-a", withPlugin(new ProfilePlugin("Vault", null))))
        .startsWith("spec.plugins[0].kind 'Vault'");
  }
}
