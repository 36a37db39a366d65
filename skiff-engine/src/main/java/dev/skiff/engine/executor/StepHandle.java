package dev.skiff.engine.executor;

import java.util.Objects;

/**
 * An executor's name for a started attempt, opaque to the engine: stored with the attempt and
 * handed back to the same kind of executor after a restart ({@link StepExecutor#reclaim}). A local
 * process is named by its process id and start time, a pod by its namespace and name.
 *
 * @param value the executor's text; at most 255 characters
 */
public record StepHandle(String value) {
  public StepHandle {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > 255) {
      throw new IllegalArgumentException("a step handle has 1 to 255 characters, got: " + value);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
