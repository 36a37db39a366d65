package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * An install, status or teardown step that failed for a reason retrying will not fix: its message
 * is one line naming the object, what the server said and what to do.
 */
public final class InstallException extends RuntimeException {

  /** A failure described by {@code message}. */
  public InstallException(String message) {
    super(message);
  }

  /** The failure of {@code action} on {@code ref}, with the fix for the server's answer. */
  public static InstallException of(String action, ObjectRef ref, KubernetesClientException e) {
    String said =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage()
            : String.valueOf(e.getMessage());
    String code = e.getCode() > 0 ? " (HTTP " + e.getCode() + ")" : "";
    return new InstallException(
        action + " " + ref + " failed" + code + ": " + oneLine(said) + ". Fix: " + fix(ref, e));
  }

  private static String fix(ObjectRef ref, KubernetesClientException e) {
    if (String.valueOf(e.getMessage()).contains("Could not find a registered handler")) {
      return "kind "
          + ref.kind()
          + " ("
          + ref.apiVersion()
          + ") is not served by this cluster; install what provides it (e.g. GKE's BackendConfig and"
          + " ManagedCertificate exist only on GKE) or change the values";
    }
    return switch (e.getCode()) {
      case 400, 422 ->
          "the server refused the object as invalid; check the values file, or report it as a bug"
              + " in Skiff's manifests with this message";
      case 401 ->
          "the cluster did not accept your credentials; refresh them (e.g. gcloud container"
              + " clusters get-credentials CLUSTER) or pass --kubeconfig/--context";
      case 403 ->
          "your account may not write "
              + ref.kind()
              + "; install with a cluster-admin context (Skiff creates CRDs and ClusterRoles)";
      case 404 ->
          ref.namespaced()
              ? "namespace " + ref.namespace() + " or kind " + ref.kind() + " is missing"
              : "kind " + ref.kind() + " (" + ref.apiVersion() + ") is not served by this cluster";
      case 409 ->
          "another writer changed the object at the same time or owns its fields; run the command"
              + " again";
      default -> "check the cluster's API server and the object; nothing after it was applied";
    };
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
