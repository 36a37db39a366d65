package dev.skiff.kubernetes.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Server-side apply (PATCH application/apply-patch+yaml) with a field manager and force, optionally
 * as a dry run ({@code dryRun=All}).
 */
final class ServerSideApplier implements Applier {
  private final KubernetesClient client;
  private final String fieldManager;
  private final boolean dryRun;

  ServerSideApplier(KubernetesClient client, String fieldManager, boolean dryRun) {
    this.client = client;
    this.fieldManager = fieldManager;
    this.dryRun = dryRun;
  }

  @Override
  public <T extends HasMetadata> T apply(T desired) {
    desired.getMetadata().setManagedFields(null);
    desired.getMetadata().setResourceVersion(null);
    return client
        .resource(desired)
        .dryRun(dryRun)
        .fieldManager(fieldManager)
        .forceConflicts()
        .serverSideApply();
  }
}
