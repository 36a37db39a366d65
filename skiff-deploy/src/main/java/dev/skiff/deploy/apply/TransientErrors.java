package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The short list of errors an install waits out instead of stopping at: what {@code while ! kubectl
 * apply; do sleep 20; done} loops over, named. Everything else is permanent.
 */
public final class TransientErrors {
  private static final List<String> MESSAGES =
      List.of(
          "failed calling webhook",
          "no endpoints available",
          "connection refused",
          "the server is currently unable to handle the request");

  private TransientErrors() {}

  /**
   * Why {@code e}, raised writing {@code ref}, is transient, or empty when it is not.
   *
   * @param crdGroupsThisRun API groups of CRDs this install applies: a 404 for a custom resource of
   *     one of them means its kind is not served yet
   */
  public static Optional<String> reason(
      KubernetesClientException e, ObjectRef ref, Set<String> crdGroupsThisRun) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    for (String m : MESSAGES) {
      if (message.contains(m)) {
        return Optional.of(m);
      }
    }
    if (message.contains("could not find a registered handler")
        && crdGroupsThisRun.contains(ref.group())) {
      return Optional.of("kind " + ref.kind() + " not in discovery yet");
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException) {
        return Optional.of("connection refused");
      }
    }
    int code = e.getCode();
    if (code == 429) {
      return Optional.of("429 too many requests");
    }
    if (code >= 500 && code < 600) {
      return Optional.of(code + " server error");
    }
    if (code == 404 && crdGroupsThisRun.contains(ref.group())) {
      return Optional.of("kind " + ref.kind() + " not served yet");
    }
    return Optional.empty();
  }
}
