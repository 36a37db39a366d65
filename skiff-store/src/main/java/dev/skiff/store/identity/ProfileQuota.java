package dev.skiff.store.identity;

/**
 * The limits of one profile; a {@code null} field means no limit. The engine's admission holds a
 * step back (queued, with the reason on the task) while starting it would pass a limit.
 *
 * @param steps steps running at once
 * @param cpuMillis CPU requested by running steps, in thousandths of a core
 * @param memoryBytes memory requested by running steps
 * @param gpus GPUs requested by running steps
 * @param notebooks notebook servers running at once
 */
public record ProfileQuota(
    Integer steps, Long cpuMillis, Long memoryBytes, Integer gpus, Integer notebooks) {

  /** No limits. */
  public static final ProfileQuota NONE = new ProfileQuota(null, null, null, null, null);

  /** Rejects negative limits. */
  public ProfileQuota {
    check("steps", steps == null ? null : steps.longValue());
    check("cpu", cpuMillis);
    check("memory", memoryBytes);
    check("gpus", gpus == null ? null : gpus.longValue());
    check("notebooks", notebooks == null ? null : notebooks.longValue());
  }

  /** Whether no field limits anything. */
  public boolean unlimited() {
    return equals(NONE);
  }

  private static void check(String field, Long value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException("quota " + field + " must not be negative: " + value);
    }
  }
}
