package dev.skiff.engine.quota;

/**
 * What the running steps of one profile request together.
 *
 * @param steps how many run
 * @param cpuMillis their CPU, in thousandths of a core
 * @param memoryBytes their memory
 * @param gpus their accelerators
 */
public record QuotaUsage(int steps, long cpuMillis, long memoryBytes, int gpus) {

  /** Nothing runs. */
  public static final QuotaUsage NONE = new QuotaUsage(0, 0, 0, 0);

  /** With one more step of this demand. */
  public QuotaUsage plus(StepDemand d) {
    return new QuotaUsage(
        steps + 1, cpuMillis + d.cpuMillis(), memoryBytes + d.memoryBytes(), gpus + d.gpus());
  }

  /** Without one step of this demand. */
  public QuotaUsage minus(StepDemand d) {
    return new QuotaUsage(
        steps - 1, cpuMillis - d.cpuMillis(), memoryBytes - d.memoryBytes(), gpus - d.gpus());
  }

  /** Whether no step is counted. */
  public boolean isEmpty() {
    return steps == 0;
  }
}
