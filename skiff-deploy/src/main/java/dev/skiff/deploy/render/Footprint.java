package dev.skiff.deploy.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What Skiff's own components request from the cluster: each workload's container requests times
 * its replicas, summed. The budget is 1 CPU and 1.5 GiB (Kubeflow needs 4,380m and 12.3 GiB before
 * the first notebook).
 *
 * @param cpuMillis total CPU requested, in millicores
 * @param memoryBytes total memory requested
 * @param parts one entry per workload, e.g. {@code skiff-server 2 x 300m/512Mi}
 */
public record Footprint(long cpuMillis, long memoryBytes, List<String> parts) {
  /** The CPU budget: 1 CPU. */
  public static final long CPU_BUDGET_MILLIS = 1000;

  /** The memory budget: 1.5 GiB. */
  public static final long MEMORY_BUDGET_BYTES = 1536L * 1024 * 1024;

  /** The requests of the Deployments and StatefulSets among {@code objects}. */
  public static Footprint of(List<HasMetadata> objects) {
    long cpu = 0;
    long memory = 0;
    List<String> parts = new ArrayList<>();
    for (HasMetadata o : objects) {
      int replicas;
      PodSpec pod;
      if (o instanceof Deployment d) {
        replicas = d.getSpec().getReplicas();
        pod = d.getSpec().getTemplate().getSpec();
      } else if (o instanceof StatefulSet s) {
        replicas = s.getSpec().getReplicas();
        pod = s.getSpec().getTemplate().getSpec();
      } else {
        continue;
      }
      long podCpu = 0;
      long podMemory = 0;
      for (Container c : pod.getContainers()) {
        podCpu += millis(c.getResources().getRequests().get("cpu"));
        podMemory += bytes(c.getResources().getRequests().get("memory"));
      }
      cpu += replicas * podCpu;
      memory += replicas * podMemory;
      parts.add(
          o.getMetadata().getName() + " " + replicas + " x " + podCpu + "m/" + mib(podMemory));
    }
    return new Footprint(cpu, memory, List.copyOf(parts));
  }

  /** Whether the totals are within 1 CPU and 1.5 GiB. */
  public boolean withinBudget() {
    return cpuMillis <= CPU_BUDGET_MILLIS && memoryBytes <= MEMORY_BUDGET_BYTES;
  }

  /** One line: totals, the parts and the budget. */
  public String line() {
    return "footprint: "
        + cpuMillis
        + "m CPU, "
        + mib(memoryBytes)
        + " memory requested ("
        + String.join(", ", parts)
        + "); budget 1000m, 1536Mi: "
        + (withinBudget() ? "within" : "OVER")
        + " (Kubeflow: 4380m, 12.3Gi)";
  }

  private static long millis(Quantity q) {
    return q == null
        ? 0
        : Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).longValueExact();
  }

  private static long bytes(Quantity q) {
    return q == null ? 0 : Quantity.getAmountInBytes(q).longValue();
  }

  private static String mib(long bytes) {
    return (bytes / (1024 * 1024)) + "Mi";
  }
}
