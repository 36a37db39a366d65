package dev.skiff.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt of a container task as stored.
 *
 * @param runId the run
 * @param path the task path
 * @param attempt 1 for the first try
 * @param state RUNNING, SUCCEEDED, FAILED, CANCELED or LOST (the engine stopped while it ran)
 * @param handle the executor's name for the started attempt (opaque to the store), or null before
 *     it started
 * @param exitCode the exit code, or null
 * @param message why it failed, or null
 * @param startedAt when it was launched
 * @param finishedAt when it ended, or null
 * @param runtime what ran it (e.g. {@code skiff-python-runtime 2.15.2+skiff.1.0.0}, {@code
 *     container}), or null when not recorded
 */
public record StoredAttempt(
    String runId,
    String path,
    int attempt,
    String state,
    String handle,
    Integer exitCode,
    String message,
    Instant startedAt,
    Instant finishedAt,
    String runtime) {

  public StoredAttempt {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
