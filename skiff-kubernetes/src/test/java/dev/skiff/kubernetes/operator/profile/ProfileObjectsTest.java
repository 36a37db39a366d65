package dev.skiff.kubernetes.operator.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.resource.Profile;
import dev.skiff.kubernetes.resource.ProfileOwner;
import dev.skiff.kubernetes.resource.ProfilePlugin;
import dev.skiff.kubernetes.resource.ProfilePluginSpec;
import dev.skiff.kubernetes.resource.ProfileSpec;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileRole;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaSpecBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileObjectsTest {

  static Profile profile(String name, ProfileSpec spec) {
    Profile p = Profile.of(name, spec);
    p.getMetadata().setUid("8d1c4a2e-0000-4000-8000-000000000001");
    return p;
  }

  static ProfileSpec fullSpec() {
    return new ProfileSpec(
        ProfileOwner.user("alice@example.com"),
        new ResourceQuotaSpecBuilder()
            .addToHard("cpu", new Quantity("8"))
            .addToHard("requests.nvidia.com/gpu", new Quantity("2"))
            .build(),
        List.of(
            ProfilePlugin.workloadIdentity("team@proj.iam.gserviceaccount.com"),
            new ProfilePlugin(
                ProfilePlugin.AWS_IAM,
                new ProfilePluginSpec(null, "arn:aws:iam::123:role/x", true))));
  }

  private final ProfileObjects objects = new ProfileObjects(profile("team-a", fullSpec()), "skiff");

  private static Member member(String user, ProfileRole role) {
    return new Member("team-a", user, role, "alice@example.com", Instant.EPOCH);
  }

  @Test
  void everyObjectIsValidKubernetes135() {
    KubernetesSchemas schemas = KubernetesSchemas.load();
    List<HasMetadata> all = new ArrayList<>();
    all.add(objects.namespaceObject());
    all.addAll(objects.serviceAccounts());
    all.addAll(objects.fixedBindings());
    all.addAll(
        objects.memberBindings(
            List.of(
                member("alice@example.com", ProfileRole.OWNER),
                member("bob@example.com", ProfileRole.EDIT),
                member("carol@example.com", ProfileRole.VIEW),
                member("dan@example.com", ProfileRole.ADMIN))));
    all.add(objects.quota());
    all.add(objects.networkPolicy());
    for (HasMetadata o : all) {
      assertThat(schemas.validate(o)).as(o.getKind() + " " + o.getMetadata().getName()).isEmpty();
    }
  }

  @Test
  void namespaceIsOwnedByTheProfileAndAnnotatedWithItsOwner() {
    var ns = objects.namespaceObject();
    assertThat(ns.getMetadata().getName()).isEqualTo("team-a");
    assertThat(ns.getMetadata().getAnnotations()).containsEntry("owner", "alice@example.com");
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "skiff-profile")
        .containsEntry("skiff.dev/profile", "team-a");
    var ref = ns.getMetadata().getOwnerReferences().get(0);
    assertThat(ref.getApiVersion()).isEqualTo("kubeflow.org/v1");
    assertThat(ref.getKind()).isEqualTo("Profile");
    assertThat(ref.getUid()).isEqualTo("8d1c4a2e-0000-4000-8000-000000000001");
    assertThat(ref.getController()).isTrue();
    assertThat(objects.owns(ns)).isTrue();
  }

  @Test
  void pluginsAnnotateDefaultEditorOnly() {
    var sas = objects.serviceAccounts();
    assertThat(sas)
        .extracting(s -> s.getMetadata().getName())
        .containsExactly("default-editor", "default-viewer");
    assertThat(sas.get(0).getMetadata().getAnnotations())
        .containsEntry("iam.gke.io/gcp-service-account", "team@proj.iam.gserviceaccount.com")
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::123:role/x");
    assertThat(sas.get(1).getMetadata().getAnnotations()).isNullOrEmpty();
  }

  @Test
  void ownerIsNamespaceAdminAndServiceAccountsEditAndView() {
    Map<String, RoleBinding> byName = new java.util.HashMap<>();
    objects.fixedBindings().forEach(b -> byName.put(b.getMetadata().getName(), b));
    RoleBinding admin = byName.get("namespaceAdmin");
    assertThat(admin.getRoleRef().getName()).isEqualTo("admin");
    assertThat(admin.getSubjects().get(0).getName()).isEqualTo("alice@example.com");
    assertThat(admin.getSubjects().get(0).getKind()).isEqualTo("User");
    assertThat(admin.getMetadata().getAnnotations())
        .containsEntry("user", "alice@example.com")
        .containsEntry("role", "admin");
    assertThat(byName.get("default-editor").getRoleRef().getName()).isEqualTo("edit");
    assertThat(byName.get("default-viewer").getRoleRef().getName()).isEqualTo("view");
    assertThat(byName.get("default-editor").getSubjects().get(0).getNamespace())
        .isEqualTo("team-a");
  }

  @Test
  void membersGetKubeflowNamedBindingsByRoleAndTheOwnerNone() {
    var bindings =
        objects.memberBindings(
            List.of(
                member("alice@example.com", ProfileRole.OWNER),
                member("Bob.Smith@example.com", ProfileRole.EDIT),
                member("carol@example.com", ProfileRole.VIEW)));
    assertThat(bindings)
        .extracting(b -> b.getMetadata().getName())
        .containsExactly(
            "user-bob-smith-example-com-clusterrole-edit",
            "user-carol-example-com-clusterrole-view");
    assertThat(bindings.get(0).getMetadata().getAnnotations())
        .containsEntry("user", "Bob.Smith@example.com")
        .containsEntry("role", "edit");
    assertThat(bindings.get(0).getMetadata().getLabels())
        .containsEntry(ProfileObjects.MEMBER_LABEL, "true");
    assertThat(bindings.get(1).getRoleRef().getName()).isEqualTo("view");
  }

  @Test
  void quotaIsKubeflowsAndAbsentWhenTheSpecHasNone() {
    assertThat(objects.quota().getMetadata().getName()).isEqualTo("kf-resource-quota");
    assertThat(objects.quota().getSpec().getHard()).containsKeys("cpu", "requests.nvidia.com/gpu");
    var none =
        new ProfileObjects(
            profile("team-b", new ProfileSpec(ProfileOwner.user("a@x.org"), null, null)), "skiff");
    assertThat(none.quota()).isNull();
  }

  @Test
  void networkPolicyAdmitsTheNamespaceItselfAndSkiffsNamespaceOnly() {
    var np = objects.networkPolicy();
    assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(np.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
    var from = np.getSpec().getIngress().get(0).getFrom();
    assertThat(from).hasSize(2);
    assertThat(from.get(0).getPodSelector()).isNotNull();
    assertThat(from.get(0).getNamespaceSelector()).isNull();
    assertThat(from.get(1).getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "skiff"));
  }
}
