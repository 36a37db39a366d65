package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The order objects are applied in: each phase's gate (CRDs Established, webhook backends
 * Available) must pass before the next phase's objects are written, so that nothing is refused
 * because what it depends on is not served yet.
 */
public enum Phase {
  /** Namespaces and CRDs; gate: each CRD Established, NamesAccepted and in discovery. */
  FOUNDATION,
  /** Service accounts, RBAC and webhook configurations; gate: webhook backends Available. */
  ACCESS,
  /** Everything else; gate (unless --wait=false): Deployments and StatefulSets ready. */
  WORKLOADS;

  private static final Set<String> FOUNDATION_KINDS =
      Set.of("Namespace", "CustomResourceDefinition");
  private static final Set<String> ACCESS_KINDS =
      Set.of(
          "ServiceAccount",
          "ClusterRole",
          "Role",
          "ClusterRoleBinding",
          "RoleBinding",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration");

  /** Within WORKLOADS: configuration and storage before what consumes it; routes last. */
  private static final List<String> WORKLOAD_ORDER =
      List.of(
          "PriorityClass",
          "ResourceQuota",
          "LimitRange",
          "ConfigMap",
          "Secret",
          "PersistentVolumeClaim",
          "Service",
          "StatefulSet",
          "Deployment",
          "PodDisruptionBudget",
          "NetworkPolicy");

  /** The phase {@code object} belongs to. */
  public static Phase of(HasMetadata object) {
    return of(object.getKind());
  }

  /** The phase objects of {@code kind} belong to. */
  public static Phase of(String kind) {
    if (FOUNDATION_KINDS.contains(kind)) {
      return FOUNDATION;
    }
    return ACCESS_KINDS.contains(kind) ? ACCESS : WORKLOADS;
  }

  /** Apply order: by phase, then (namespaces before CRDs, RBAC roles before bindings, …). */
  public static Comparator<HasMetadata> order() {
    return Comparator.comparing((HasMetadata o) -> of(o)).thenComparingInt(Phase::rank);
  }

  private static int rank(HasMetadata object) {
    String kind = object.getKind();
    return switch (of(object)) {
      case FOUNDATION -> kind.equals("Namespace") ? 0 : 1;
      case ACCESS ->
          kind.equals("ServiceAccount")
              ? 0
              : kind.endsWith("Role") ? 1 : kind.endsWith("Binding") ? 2 : 3;
      case WORKLOADS -> {
        int i = WORKLOAD_ORDER.indexOf(kind);
        yield i < 0 ? WORKLOAD_ORDER.size() : i;
      }
    };
  }
}
