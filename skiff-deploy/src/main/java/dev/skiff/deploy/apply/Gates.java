package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * The readiness tests the install's gates and {@code skiff status} use: CRDs Established,
 * NamesAccepted and discoverable; Deployments Available with every replica; StatefulSets with every
 * replica ready.
 */
public final class Gates {
  private Gates() {}

  /** Whether {@code crd} is Established and its names accepted. */
  public static boolean established(CustomResourceDefinition crd) {
    if (crd == null || crd.getStatus() == null || crd.getStatus().getConditions() == null) {
      return false;
    }
    List<CustomResourceDefinitionCondition> conditions = crd.getStatus().getConditions();
    return isTrue(conditions, "Established") && isTrue(conditions, "NamesAccepted");
  }

  private static boolean isTrue(List<CustomResourceDefinitionCondition> conditions, String type) {
    return conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Whether every served version of {@code crd}'s kind is in discovery ({@code /apis/group/v}):
   * discovery lags behind Established, and until then writes of the kind fail.
   */
  public static boolean discoverable(KubernetesClient client, CustomResourceDefinition crd) {
    String group = crd.getSpec().getGroup();
    String kind = crd.getSpec().getNames().getKind();
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getServed()))
        .allMatch(v -> served(client, group + "/" + v.getName(), kind));
  }

  private static boolean served(KubernetesClient client, String groupVersion, String kind) {
    try {
      APIResourceList list = client.getApiResources(groupVersion);
      return list != null
          && list.getResources() != null
          && list.getResources().stream().anyMatch(r -> kind.equals(r.getKind()));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** Whether {@code d} is Available with all its replicas. */
  public static boolean available(Deployment d) {
    if (d == null || d.getStatus() == null) {
      return false;
    }
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Integer have = d.getStatus().getAvailableReplicas();
    boolean condition =
        d.getStatus().getConditions() != null
            && d.getStatus().getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    return condition && (have == null ? 0 : have) >= want;
  }

  /** Whether every replica of {@code s} is ready. */
  public static boolean ready(StatefulSet s) {
    if (s == null || s.getStatus() == null) {
      return false;
    }
    int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    Integer have = s.getStatus().getReadyReplicas();
    return (have == null ? 0 : have) >= want;
  }
}
