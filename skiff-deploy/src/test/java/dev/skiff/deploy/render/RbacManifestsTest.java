package dev.skiff.deploy.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server's ClusterRole allows what the operator, the step executor and the notebook launcher
 * call (the list the engineers who built cluster mode gave), and no more than listed: {@code bind}
 * only on admin, edit and view; Leases only in the Skiff namespace; no wildcard outside
 * kubeflow.org.
 */
class RbacManifestsTest {
  private static final List<HasMetadata> OBJECTS =
      InstallManifests.render(RenderFixtures.values("gke-iap-gpu"));

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "kubeflow.org, profiles, delete",
    "kubeflow.org, profiles/status, patch",
    "kubeflow.org, profiles/finalizers, update",
    "kubeflow.org, notebooks, watch",
    "kubeflow.org, notebooks/status, update",
    "kubeflow.org, notebooks/finalizers, update",
    "'', namespaces, create",
    "'', serviceaccounts, patch",
    "rbac.authorization.k8s.io, rolebindings, delete",
    "'', resourcequotas, update",
    "networking.k8s.io, networkpolicies, create",
    "'', events, create",
    "'', pods, create",
    "'', pods, delete",
    "'', pods/log, get",
    "'', persistentvolumeclaims, delete",
    "'', secrets, get",
    "'', configmaps, get",
    "apps, statefulsets, watch",
    "'', services, create",
    "'', nodes, list",
    "authorization.k8s.io, selfsubjectrulesreviews, create"
  })
  void the_cluster_role_allows(String group, String resource, String verb) {
    assertThat(allows(serverRole().getRules(), group, resource, verb)).isTrue();
  }

  @Test
  void bind_only_on_admin_edit_view_and_leases_only_in_the_namespace() {
    List<PolicyRule> rules = serverRole().getRules();
    PolicyRule bind =
        rules.stream().filter(r -> r.getVerbs().contains("bind")).findFirst().orElseThrow();
    assertThat(bind.getResourceNames()).containsExactly("admin", "edit", "view");
    assertThat(allows(rules, "coordination.k8s.io", "leases", "update")).isFalse();
    assertThat(allows(rules, "", "pods/exec", "create")).isFalse();
    assertThat(rules)
        .filteredOn(r -> r.getVerbs().contains("*") || r.getResources().contains("*"))
        .allSatisfy(r -> assertThat(r.getApiGroups()).containsExactly("kubeflow.org"));
    Role leases = only(Role.class);
    assertThat(leases.getMetadata().getNamespace()).isEqualTo("skiff-system");
    assertThat(allows(leases.getRules(), "coordination.k8s.io", "leases", "update")).isTrue();
    ClusterRoleBinding binding = only(ClusterRoleBinding.class);
    assertThat(binding.getSubjects().getFirst().getNamespace()).isEqualTo("skiff-system");
    assertThat(binding.getRoleRef().getName()).isEqualTo("ml-server");
  }

  @Test
  void users_with_admin_edit_or_view_get_profile_and_notebook_permissions() {
    List<ClusterRole> aggregated =
        OBJECTS.stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .filter(r -> r.getMetadata().getName().startsWith("ml-kubeflow-"))
            .toList();
    assertThat(aggregated)
        .extracting(
            r ->
                r.getMetadata().getLabels().keySet().stream()
                    .filter(k -> k.startsWith("rbac.authorization.k8s.io/aggregate-to-"))
                    .findFirst()
                    .orElseThrow())
        .containsExactly(
            "rbac.authorization.k8s.io/aggregate-to-admin",
            "rbac.authorization.k8s.io/aggregate-to-edit",
            "rbac.authorization.k8s.io/aggregate-to-view");
    ClusterRole view = aggregated.get(2);
    assertThat(allows(view.getRules(), "kubeflow.org", "notebooks", "list")).isTrue();
    assertThat(allows(view.getRules(), "kubeflow.org", "notebooks", "create")).isFalse();
    ClusterRole edit = aggregated.get(1);
    assertThat(allows(edit.getRules(), "kubeflow.org", "notebooks", "create")).isTrue();
    assertThat(allows(edit.getRules(), "kubeflow.org", "profiles", "delete")).isFalse();
  }

  private static ClusterRole serverRole() {
    return OBJECTS.stream()
        .filter(ClusterRole.class::isInstance)
        .map(ClusterRole.class::cast)
        .filter(r -> r.getMetadata().getName().equals("ml-server"))
        .findFirst()
        .orElseThrow();
  }

  private static <T> T only(Class<T> type) {
    List<T> found = OBJECTS.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).hasSize(1);
    return found.getFirst();
  }

  private static boolean allows(
      List<PolicyRule> rules, String group, String resource, String verb) {
    return rules.stream()
        .anyMatch(
            r ->
                r.getApiGroups().contains(group)
                    && (r.getResources().contains(resource) || r.getResources().contains("*"))
                    && (r.getVerbs().contains(verb) || r.getVerbs().contains("*")));
  }
}
