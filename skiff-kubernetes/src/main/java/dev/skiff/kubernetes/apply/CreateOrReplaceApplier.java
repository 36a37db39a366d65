package dev.skiff.kubernetes.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Create, or on 409 replace (keeping the stored status of objects that have one). */
final class CreateOrReplaceApplier implements Applier {
  private final KubernetesClient client;

  CreateOrReplaceApplier(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public <T extends HasMetadata> T apply(T desired) {
    desired.getMetadata().setResourceVersion(null);
    try {
      return client.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      T current = client.resource(desired).get();
      if (current != null) {
        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      }
      return client.resource(desired).update();
    }
  }
}
