package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One task of a run's task tree as stored.
 *
 * @param runId the run
 * @param path unique within the run, e.g. {@code for-loop-2/0/print-op}
 * @param kind DAG, LOOP, ITERATION, CONTAINER or IMPORTER (the engine's names)
 * @param displayName the task's display name
 * @param state the task state
 * @param inputs resolved inputs (JSON), or null before they are resolved
 * @param outputs outputs (JSON), or null until it has some
 * @param fingerprint the cache key, or null
 * @param cached whether the outputs were reused from an earlier run
 * @param error why it failed, or null
 * @param createdAt when the task was created
 * @param startedAt when it started, or null
 * @param finishedAt when it reached a final state, or null
 */
public record StoredTask(
    String runId,
    String path,
    String kind,
    String displayName,
    String state,
    String inputs,
    String outputs,
    String fingerprint,
    boolean cached,
    String error,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  public StoredTask {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
