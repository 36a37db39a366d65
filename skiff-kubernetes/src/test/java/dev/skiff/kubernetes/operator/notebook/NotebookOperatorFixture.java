package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;

/**
 * A JOSDK operator running the Notebook reconciler against fabric8's CRUD mock (which has no
 * server-side apply: objects are created or replaced, the status merge-patched), the Notebook CRD
 * created in the mock first (so that it serves the status subresource), and the pod simulator.
 */
public final class NotebookOperatorFixture implements AutoCloseable {
  private final Operator operator;
  private final NotebookPodSimulator pods;

  /** Starts it all on {@code client}. */
  public NotebookOperatorFixture(KubernetesClient client) {
    client.resource(NotebookCrd.definition()).create();
    this.pods = new NotebookPodSimulator(client);
    this.operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false));
    operator.register(new NotebookReconciler(Applier.createOrReplace(client)));
    operator.start();
  }

  /** The simulated cluster's pods. */
  public NotebookPodSimulator pods() {
    return pods;
  }

  @Override
  public void close() {
    operator.stop();
    pods.close();
  }
}
