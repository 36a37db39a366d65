package dev.skiff.kubernetes.client;

import dev.skiff.kubernetes.KubernetesSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Opens the client Skiff talks to its cluster with. Credentials come from fabric8's usual chain:
 * the pod's service account when Skiff runs in the cluster, else {@code KUBECONFIG} or {@code
 * ~/.kube/config} (GKE's {@code gke-gcloud-auth-plugin} exec credentials included), with {@link
 * KubernetesSettings#context()} choosing a context.
 */
public final class KubernetesClients {
  private KubernetesClients() {}

  /** A client for the configured cluster; no request is sent yet. */
  public static KubernetesClient open(KubernetesSettings settings) {
    Config config = Config.autoConfigure(settings.context().isEmpty() ? null : settings.context());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Why a request to the API server failed, in one line for people: the innermost cause's message,
   * or, for an I/O error without one, that nothing answered.
   */
  public static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t instanceof java.io.IOException ? "nothing answered" : "failed";
    }
    return m.replaceAll("\\s+", " ");
  }
}
