package dev.skiff.deploy.render;

import dev.skiff.deploy.values.DeployValues;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * Skiff's service account {@code skiff-server} and what it may do: a ClusterRole with exactly the
 * permissions the operator, the step executor and the notebook launcher use, a Role for the
 * operator's leader-election Lease in the Skiff namespace, and ClusterRoles aggregated into
 * Kubernetes' {@code admin}, {@code edit} and {@code view} so that users get Profile and Notebook
 * permissions with the roles they already have.
 */
final class RbacManifests {
  /** The server's service account. */
  static final String SERVICE_ACCOUNT = "skiff-server";

  private static final List<String> ALL = List.of("*");
  private static final List<String> WRITE =
      List.of("create", "get", "list", "watch", "update", "patch", "delete");
  private static final List<String> READ = List.of("get", "list", "watch");

  private RbacManifests() {}

  static List<HasMetadata> of(DeployValues v) {
    String role = v.name() + "-server";
    ServiceAccountBuilder account =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(SERVICE_ACCOUNT)
            .withNamespace(v.namespace())
            .endMetadata();
    if (!v.artifacts().gcpServiceAccount().isEmpty()) {
      account
          .editMetadata()
          .addToAnnotations("iam.gke.io/gcp-service-account", v.artifacts().gcpServiceAccount())
          .endMetadata();
    }
    return List.of(
        account.build(),
        new ClusterRoleBuilder()
            .withNewMetadata()
            .withName(role)
            .endMetadata()
            .withRules(serverRules())
            .build(),
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName(role)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", role)
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(SERVICE_ACCOUNT)
            .withNamespace(v.namespace())
            .endSubject()
            .build(),
        new RoleBuilder()
            .withNewMetadata()
            .withName("skiff-server-leases")
            .withNamespace(v.namespace())
            .endMetadata()
            .withRules(rule("coordination.k8s.io", List.of("leases"), WRITE))
            .build(),
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("skiff-server-leases")
            .withNamespace(v.namespace())
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", "skiff-server-leases")
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(SERVICE_ACCOUNT)
            .withNamespace(v.namespace())
            .endSubject()
            .build(),
        aggregated(v.name() + "-kubeflow-admin", "admin", ALL, ALL),
        aggregated(v.name() + "-kubeflow-edit", "edit", READ, ALL),
        aggregated(v.name() + "-kubeflow-view", "view", READ, READ));
  }

  /** The cluster-wide rules, from what the operator, executor and notebook launcher call. */
  static List<PolicyRule> serverRules() {
    return List.of(
        // operator: Profiles and Notebooks, their status and finalizers
        rule("kubeflow.org", List.of("profiles", "notebooks"), ALL),
        rule(
            "kubeflow.org",
            List.of(
                "profiles/status",
                "profiles/finalizers",
                "notebooks/status",
                "notebooks/finalizers"),
            List.of("get", "update", "patch")),
        // operator: a profile's namespace and what it puts there; executor and notebooks: PVCs,
        // Services and Secrets they create
        rule(
            "",
            List.of(
                "namespaces",
                "serviceaccounts",
                "resourcequotas",
                "services",
                "persistentvolumeclaims",
                "secrets"),
            WRITE),
        rule("rbac.authorization.k8s.io", List.of("rolebindings"), WRITE),
        rule("networking.k8s.io", List.of("networkpolicies"), WRITE),
        // operator: it grants admin/edit/view in profile namespaces, so it may bind exactly those
        new PolicyRuleBuilder()
            .withApiGroups("rbac.authorization.k8s.io")
            .withResources("clusterroles")
            .withResourceNames("admin", "edit", "view")
            .withVerbs("bind")
            .build(),
        // executor: step pods and their logs
        rule("", List.of("pods"), List.of("get", "list", "watch", "create", "delete")),
        rule("", List.of("pods/log"), List.of("get")),
        rule("", List.of("configmaps"), List.of("get")),
        // notebook launcher: its StatefulSets
        rule("apps", List.of("statefulsets"), WRITE),
        // GPU counting
        rule("", List.of("nodes"), List.of("list")),
        rule("", List.of("events"), List.of("create", "patch")),
        rule("events.k8s.io", List.of("events"), List.of("create", "patch")),
        // JOSDK checks its permissions at start
        rule("authorization.k8s.io", List.of("selfsubjectrulesreviews"), List.of("create")));
  }

  private static HasMetadata aggregated(
      String name, String into, List<String> profileVerbs, List<String> notebookVerbs) {
    return new ClusterRoleBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("rbac.authorization.k8s.io/aggregate-to-" + into, "true"))
        .endMetadata()
        .withRules(
            rule("kubeflow.org", List.of("profiles"), profileVerbs),
            rule("kubeflow.org", List.of("notebooks"), notebookVerbs))
        .build();
  }

  private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }
}
