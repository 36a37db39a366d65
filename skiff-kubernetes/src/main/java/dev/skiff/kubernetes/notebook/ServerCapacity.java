package dev.skiff.kubernetes.notebook;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.kubernetes.KubernetesSettings;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cluster can give notebook servers. The scheduler (and a node autoscaler) decides where and
 * when a pod runs, so Skiff refuses only what can never run here (an accelerator type the catalogue
 * does not list) and reports no shortage: a server that cannot be placed yet stays Pending with
 * Kubernetes' own reason on its Notebook.
 */
final class ServerCapacity {
  private static final Logger log = LoggerFactory.getLogger(ServerCapacity.class);

  private final KubernetesClient client;
  private final KubernetesSettings settings;

  ServerCapacity(KubernetesClient client, KubernetesSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** Why a server asking for {@code request} can never run on this cluster, or empty. */
  Optional<String> unschedulable(ResourceRequest request) {
    if (request.acceleratorCount() > 0
        && settings.accelerator(request.acceleratorType()).isEmpty()) {
      return Optional.of(unknownAccelerator(settings, request.acceleratorType()));
    }
    return Optional.empty();
  }

  /** The refusal of an accelerator type the catalogue does not list. */
  static String unknownAccelerator(KubernetesSettings settings, String type) {
    return "notebook asks for accelerator type '"
        + type
        + "', which this cluster does not offer (it offers: "
        + settings.accelerators().stream()
            .map(KubernetesSettings.Accelerator::type)
            .collect(Collectors.joining(", "))
        + ")";
  }

  /**
   * Accelerators the catalogue's resources have free on the cluster's nodes now: allocatable less
   * what running and pending pods on those nodes ask for. 0 when Skiff may not list nodes or pods
   * (a hint for the spawner form; an autoscaler may add nodes on demand).
   */
  int freeGpus() {
    Set<String> resources =
        settings.accelerators().stream()
            .map(KubernetesSettings.Accelerator::resource)
            .collect(Collectors.toSet());
    try {
      long allocatable = 0;
      for (Node n : client.nodes().list().getItems()) {
        allocatable +=
            sum(n.getStatus() == null ? null : n.getStatus().getAllocatable(), resources);
      }
      if (allocatable == 0) {
        return 0;
      }
      long used = 0;
      for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if (p.getSpec().getNodeName() == null
            || "Succeeded".equals(phase)
            || "Failed".equals(phase)) {
          continue;
        }
        for (var c : p.getSpec().getContainers()) {
          if (c.getResources() != null) {
            used += sum(c.getResources().getLimits(), resources);
          }
        }
      }
      return (int) Math.max(0, allocatable - used);
    } catch (KubernetesClientException e) {
      log.debug("Cannot count free accelerators: {}", e.getMessage());
      return 0;
    }
  }

  private static long sum(Map<String, Quantity> values, Set<String> resources) {
    if (values == null) {
      return 0;
    }
    long n = 0;
    for (String r : resources) {
      Quantity q = values.get(r);
      if (q != null) {
        n += Quantity.getAmountInBytes(q).longValue();
      }
    }
    return n;
  }
}
