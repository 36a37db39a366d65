package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;

/**
 * {@code skiff status}: each object of the inventory, whether it exists, and for those with a
 * readiness (CRDs, Deployments, StatefulSets) whether it is ready.
 */
public final class InstallStatus {
  private final KubernetesClient client;

  /** Status read through {@code client}. */
  public InstallStatus(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The state of every object in the inventory of {@code namespace}.
   *
   * @throws InstallException when there is no inventory there
   */
  public List<ObjectState> read(String namespace) {
    return inventory(namespace).stream().map(this::state).toList();
  }

  /**
   * The objects recorded in the inventory of {@code namespace}.
   *
   * @throws InstallException when there is no inventory there
   */
  public List<ObjectRef> inventory(String namespace) {
    Optional<List<ObjectRef>> refs = Inventory.read(client, namespace);
    if (refs.isEmpty()) {
      throw new InstallException(
          "no Skiff install found: ConfigMap "
              + namespace
              + "/"
              + Inventory.NAME
              + " does not exist. Fix: pass the namespace Skiff was deployed to (--namespace or"
              + " --values), or run skiff deploy");
    }
    return refs.get();
  }

  private ObjectState state(ObjectRef ref) {
    try {
      return switch (ref.kind()) {
        case "CustomResourceDefinition" -> {
          CustomResourceDefinition crd =
              client.apiextensions().v1().customResourceDefinitions().withName(ref.name()).get();
          yield crd == null
              ? missing(ref)
              : new ObjectState(
                  ref,
                  true,
                  Gates.established(crd),
                  Gates.established(crd) ? "Established" : "not Established");
        }
        case "Deployment" -> {
          Deployment d =
              client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
          yield d == null ? missing(ref) : deployment(ref, d);
        }
        case "StatefulSet" -> {
          StatefulSet s =
              client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()).get();
          yield s == null ? missing(ref) : statefulSet(ref, s);
        }
        default -> {
          GenericKubernetesResource r = GenericObjects.get(client, ref);
          yield r == null ? missing(ref) : new ObjectState(ref, true, true, "exists");
        }
      };
    } catch (KubernetesClientException e) {
      return new ObjectState(ref, false, false, "cannot read: " + e.getMessage());
    }
  }

  private static ObjectState missing(ObjectRef ref) {
    return new ObjectState(ref, false, false, "missing");
  }

  private static ObjectState deployment(ObjectRef ref, Deployment d) {
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    Integer have = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
    return new ObjectState(
        ref, true, Gates.available(d), (have == null ? 0 : have) + "/" + want + " available");
  }

  private static ObjectState statefulSet(ObjectRef ref, StatefulSet s) {
    int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    Integer have = s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
    return new ObjectState(
        ref, true, Gates.ready(s), (have == null ? 0 : have) + "/" + want + " ready");
  }
}
