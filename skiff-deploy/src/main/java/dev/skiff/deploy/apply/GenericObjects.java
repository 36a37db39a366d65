package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;

/** Reading, deleting and listing objects of any kind by {@link ObjectRef}. */
final class GenericObjects {
  private GenericObjects() {}

  private static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      kind(KubernetesClient client, String apiVersion, String kind) {
    return client.genericKubernetesResources(apiVersion, kind);
  }

  private static Resource<GenericKubernetesResource> resource(
      KubernetesClient client, ObjectRef ref) {
    var op = kind(client, ref.apiVersion(), ref.kind());
    return ref.namespaced()
        ? op.inNamespace(ref.namespace()).withName(ref.name())
        : op.withName(ref.name());
  }

  /** The live object, or null when it does not exist. */
  static GenericKubernetesResource get(KubernetesClient client, ObjectRef ref) {
    return resource(client, ref).get();
  }

  /** Asks the server to delete the object (absent is fine). */
  static void delete(KubernetesClient client, ObjectRef ref) {
    resource(client, ref).delete();
  }

  /** Every object of {@code apiVersion}/{@code kind} with {@code selector}, in all namespaces. */
  static List<ObjectRef> labelled(
      KubernetesClient client, String apiVersion, String kind, String selector) {
    var op = kind(client, apiVersion, kind);
    return op.inAnyNamespace().withLabelSelector(selector).list().getItems().stream()
        .map(ObjectRef::of)
        .toList();
  }
}
