package dev.skiff.kubernetes.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Writes the desired state of an object: creates it when missing, else brings the fields Skiff owns
 * to the given values. Reconcilers and the deployer write through this, so that the write strategy
 * is one choice made where the client is built.
 */
public interface Applier {

  /**
   * Applies {@code desired} (namespaced objects carry their namespace).
   *
   * @return the object as the server stored it
   */
  <T extends HasMetadata> T apply(T desired);

  /**
   * Server-side apply with {@code fieldManager}, forcing conflicts: for objects Skiff alone owns. A
   * field another manager set is taken over; fields Skiff applied before and omits now are removed.
   */
  static Applier serverSide(KubernetesClient client, String fieldManager) {
    return new ServerSideApplier(client, fieldManager, false);
  }

  /**
   * Server-side apply as {@link #serverSide} with {@code dryRun=All}: the API server validates,
   * defaults and runs admission (webhooks included) on the object and persists nothing. For {@code
   * skiff deploy --dry-run}.
   */
  static Applier serverSideDryRun(KubernetesClient client, String fieldManager) {
    return new ServerSideApplier(client, fieldManager, true);
  }

  /**
   * Create, or replace the whole object when it exists: for API servers without server-side apply
   * (fabric8's mock server in tests). Concurrent writers of the same object lose each other's
   * fields, which Skiff's single writer per object avoids.
   */
  static Applier createOrReplace(KubernetesClient client) {
    return new CreateOrReplaceApplier(client);
  }
}
