package dev.skiff.deploy.apply;

import dev.skiff.kubernetes.client.KubernetesClients;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Clients for {@code skiff deploy/status/teardown}: the kubeconfig ({@code --kubeconfig}, else
 * {@code $KUBECONFIG} or {@code ~/.kube/config}, or in-cluster) and context ({@code --context},
 * else the current one), with fabric8's own HTTP retries turned low so the installer's retry policy
 * ({@link TransientErrors}) is the one that runs.
 */
public final class ClusterClients {
  /** fabric8's own retries of 429/5xx/IO errors per request (its default is 10). */
  static final int CLIENT_RETRIES = 1;

  private ClusterClients() {}

  /**
   * A client for {@code context} of {@code kubeconfig}.
   *
   * @throws IllegalArgumentException when the file cannot be read or has no such context
   */
  public static KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> context) {
    Config config;
    if (kubeconfig.isPresent()) {
      Path file = kubeconfig.get();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": cannot read kubeconfig: " + e.getMessage());
      }
      try {
        config = Config.fromKubeconfig(context.orElse(null), text, file.toString());
      } catch (KubernetesClientException | IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage());
      }
    } else {
      config = Config.autoConfigure(context.orElse(null));
    }
    if (context.isPresent()) {
      NamedContext current = config.getCurrentContext();
      if (current == null || !context.get().equals(current.getName())) {
        throw new IllegalArgumentException(
            "no context '"
                + context.get()
                + "' in "
                + kubeconfig.map(Path::toString).orElse("the kubeconfig")
                + " (see kubectl config get-contexts)");
      }
    }
    config.setRequestRetryBackoffLimit(CLIENT_RETRIES);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * Checks that the API server answers, so an unreachable cluster is one clear failure rather than
   * a retry loop.
   *
   * @throws InstallException naming the server and what went wrong
   */
  public static String check(KubernetesClient client) {
    try {
      return client.getKubernetesVersion().getGitVersion();
    } catch (KubernetesClientException e) {
      throw new InstallException(
          "cannot reach the Kubernetes API server at "
              + client.getConfiguration().getMasterUrl()
              + ": "
              + KubernetesClients.reason(e)
              + ". Fix: check --context/--kubeconfig and that the cluster is up");
    }
  }

  /** A description of where {@code client} points, for the first progress line. */
  public static String describe(KubernetesClient client) {
    Config c = client.getConfiguration();
    String context =
        c.getCurrentContext() == null ? "" : " (context " + c.getCurrentContext().getName() + ")";
    return c.getMasterUrl() + context;
  }
}
