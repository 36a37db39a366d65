package dev.skiff.engine.executor;

/**
 * What a step asks of the machine, parsed from the IR's resource strings (Kubernetes quantities).
 * Limits win over requests where both are given, because locally a limit is what the step may use.
 *
 * @param cpus CPU cores (fractional), 0 when unspecified
 * @param memoryBytes memory in bytes, 0 when unspecified
 * @param acceleratorType e.g. {@code nvidia.com/gpu}, or null
 * @param acceleratorCount number of accelerators, 0 when none
 */
public record ResourceRequest(
    double cpus, long memoryBytes, String acceleratorType, int acceleratorCount) {

  /** A step that asks for nothing in particular. */
  public static final ResourceRequest NONE = new ResourceRequest(0, 0, null, 0);
}
