package dev.skiff.engine.quota;

/**
 * What the running steps and notebook servers of one profile request together.
 *
 * @param steps how many steps run
 * @param cpuMillis their CPU, in thousandths of a core
 * @param memoryBytes their memory
 * @param gpus their accelerators
 * @param notebooks how many notebook servers run (their resources are in the sums above)
 */
public record QuotaUsage(int steps, long cpuMillis, long memoryBytes, int gpus, int notebooks) {

  /** Nothing runs. */
  public static final QuotaUsage NONE = new QuotaUsage(0, 0, 0, 0, 0);

  /** The usage of steps alone. */
  public QuotaUsage(int steps, long cpuMillis, long memoryBytes, int gpus) {
    this(steps, cpuMillis, memoryBytes, gpus, 0);
  }

  /** With one more step (or notebook server) of this demand. */
  public QuotaUsage plus(StepDemand d) {
    int step = d.notebook() ? 0 : 1;
    return new QuotaUsage(
        steps + step,
        cpuMillis + d.cpuMillis(),
        memoryBytes + d.memoryBytes(),
        gpus + d.gpus(),
        notebooks + (1 - step));
  }

  /** Without one step (or notebook server) of this demand. */
  public QuotaUsage minus(StepDemand d) {
    int step = d.notebook() ? 0 : 1;
    return new QuotaUsage(
        steps - step,
        cpuMillis - d.cpuMillis(),
        memoryBytes - d.memoryBytes(),
        gpus - d.gpus(),
        notebooks - (1 - step));
  }

  /** Whether nothing is counted. */
  public boolean isEmpty() {
    return steps == 0 && notebooks == 0;
  }
}
