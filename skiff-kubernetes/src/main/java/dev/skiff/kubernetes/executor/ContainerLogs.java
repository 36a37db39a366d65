package dev.skiff.kubernetes.executor;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;

/**
 * Reads a container's log from the cluster (the kubelet, through the API server). An interface so
 * that tests whose "kubelet" runs containers as local processes can give their output.
 */
@FunctionalInterface
public interface ContainerLogs {

  /**
   * The container's whole log so far.
   *
   * @throws NoSuchFileException when the pod or container is not there (or has no log yet)
   * @throws IOException when the log cannot be read
   */
  InputStream open(String namespace, String pod, String container) throws IOException;

  /** The API server's {@code pods/log}. */
  static ContainerLogs of(KubernetesClient client) {
    return (namespace, pod, container) -> {
      try {
        InputStream in =
            client
                .pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(container)
                .getLogInputStream();
        if (in == null) {
          throw new NoSuchFileException(namespace + "/" + pod + "/" + container);
        }
        return in;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404 || e.getCode() == 400) {
          throw new NoSuchFileException(namespace + "/" + pod + "/" + container);
        }
        throw new IOException("cannot read the log of " + pod + ": " + e.getMessage(), e);
      }
    };
  }
}
