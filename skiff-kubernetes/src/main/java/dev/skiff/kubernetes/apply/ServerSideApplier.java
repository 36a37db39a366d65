package dev.skiff.kubernetes.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Server-side apply (PATCH application/apply-patch+yaml) with a field manager and force. */
final class ServerSideApplier implements Applier {
  private final KubernetesClient client;
  private final String fieldManager;

  ServerSideApplier(KubernetesClient client, String fieldManager) {
    this.client = client;
    this.fieldManager = fieldManager;
  }

  @Override
  public <T extends HasMetadata> T apply(T desired) {
    desired.getMetadata().setManagedFields(null);
    desired.getMetadata().setResourceVersion(null);
    return client.resource(desired).fieldManager(fieldManager).forceConflicts().serverSideApply();
  }
}
