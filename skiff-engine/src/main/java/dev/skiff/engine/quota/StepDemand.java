package dev.skiff.engine.quota;

import dev.skiff.engine.executor.ResourceRequest;

/**
 * What one running step (or notebook server) counts toward its profile's quota, besides one step
 * (or one notebook server).
 *
 * @param cpuMillis the CPU it asks for, in thousandths of a core (0 when it asks for none)
 * @param memoryBytes the memory it asks for (0 when it asks for none)
 * @param gpus the accelerators it asks for, of any type
 * @param notebook it is a notebook server: it counts against the quota's notebook servers, not its
 *     steps
 */
public record StepDemand(long cpuMillis, long memoryBytes, int gpus, boolean notebook) {

  /** A step that asks for nothing in particular: it counts as one step only. */
  public static final StepDemand NONE = new StepDemand(0, 0, 0);

  /** Rejects negative amounts. */
  public StepDemand {
    if (cpuMillis < 0 || memoryBytes < 0 || gpus < 0) {
      throw new IllegalArgumentException("a step demand cannot be negative");
    }
  }

  /** A step's demand. */
  public StepDemand(long cpuMillis, long memoryBytes, int gpus) {
    this(cpuMillis, memoryBytes, gpus, false);
  }

  /** A notebook server's demand. */
  public static StepDemand notebook(long cpuMillis, long memoryBytes, int gpus) {
    return new StepDemand(cpuMillis, memoryBytes, gpus, true);
  }

  /** The demand of a step's parsed resources (limits win over requests, as for admission). */
  public static StepDemand of(ResourceRequest r) {
    long cpu = r.cpus() <= 0 ? 0 : (long) Math.ceil(r.cpus() * 1000 - 1e-9);
    return new StepDemand(cpu, Math.max(0, r.memoryBytes()), Math.max(0, r.acceleratorCount()));
  }
}
