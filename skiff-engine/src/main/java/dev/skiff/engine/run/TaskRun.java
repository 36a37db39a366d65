package dev.skiff.engine.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One node of a run's task tree, as it stands (the run side of definition vs run: the definition is
 * the IR's {@code PipelineTask}).
 *
 * @param path unique within the run: task keys joined by {@code /}, loop iterations by their index
 *     ({@code for-loop-2/0/print-op})
 * @param kind DAG, loop, iteration, container step or importer
 * @param displayName {@code taskInfo.name} (for an iteration, the loop's name and index)
 * @param state its state
 * @param inputs resolved inputs (empty until it starts)
 * @param outputs outputs (empty until it succeeds)
 * @param fingerprint the cache key of a container step, when caching applied
 * @param cached whether the outputs were reused from an earlier run
 * @param error why it failed or was skipped
 * @param attempts a container step's attempts, oldest first
 * @param createdAt when the engine first decided about it
 * @param startedAt when it started
 * @param finishedAt when it reached a final state
 */
public record TaskRun(
    String path,
    TaskKind kind,
    String displayName,
    TaskState state,
    TaskValues inputs,
    TaskValues outputs,
    Optional<String> fingerprint,
    boolean cached,
    Optional<String> error,
    List<Attempt> attempts,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt) {

  /** Copies the attempts. */
  public TaskRun {
    attempts = List.copyOf(attempts);
  }

  /**
   * Whether this task is a source of cached outputs for {@code fingerprint}: it ran (it is not
   * itself a cache hit) and succeeded.
   */
  public boolean offersCache(String fingerprint) {
    return state == TaskState.SUCCEEDED
        && !cached
        && fingerprint.equals(this.fingerprint.orElse(null));
  }

  /** The task key (the last path segment). */
  public String key() {
    return TaskPaths.key(path);
  }

  /** The path of the task or iteration that contains this one; empty for root tasks. */
  public String parentPath() {
    return TaskPaths.parent(path);
  }

  /** The newest attempt, if any. */
  public Optional<Attempt> lastAttempt() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.getLast());
  }

  /** The attempt that is running now, if any. */
  public Optional<Attempt> activeAttempt() {
    return lastAttempt().filter(a -> !a.state().isTerminal());
  }

  /**
   * Why the task, still running, is not yet running its step (e.g. {@code waiting for quota:
   * profile 'team-a' uses 1 of 1 GPUs}); empty when nothing holds it back.
   */
  public Optional<String> statusMessage() {
    return activeAttempt().flatMap(Attempt::message);
  }

  /**
   * The attempts of the task's current start: those that started when or after it (last) went
   * RUNNING. A retried run starts failed tasks again; their earlier attempts stay as history but no
   * longer count against the retry policy.
   */
  public List<Attempt> currentAttempts() {
    if (startedAt.isEmpty() || attempts.isEmpty()) {
      return attempts;
    }
    Instant start = startedAt.get();
    int first = 0;
    while (first < attempts.size() && attempts.get(first).startedAt().isBefore(start)) {
      first++;
    }
    return attempts.subList(first, attempts.size());
  }

  /**
   * A copy that runs again in a retried run: RUNNING from {@code at}, without outputs or error; its
   * attempts stay (the next one continues their numbering).
   */
  public TaskRun retried(Instant at) {
    return new TaskRun(
        path,
        kind,
        displayName,
        TaskState.RUNNING,
        inputs,
        TaskValues.EMPTY,
        fingerprint,
        false,
        Optional.empty(),
        attempts,
        createdAt,
        Optional.of(at),
        Optional.empty());
  }

  /** A copy in another state. */
  public TaskRun withState(TaskState next, Instant at) {
    return new TaskRun(
        path,
        kind,
        displayName,
        next,
        inputs,
        outputs,
        fingerprint,
        cached,
        error,
        attempts,
        createdAt,
        startedAt.isEmpty() && next == TaskState.RUNNING ? Optional.of(at) : startedAt,
        next.isTerminal() ? Optional.of(at) : finishedAt);
  }

  /** A copy with other outputs, cache fields and error. */
  public TaskRun with(
      TaskValues newOutputs, Optional<String> newFingerprint, boolean isCached, String newError) {
    return new TaskRun(
        path,
        kind,
        displayName,
        state,
        inputs,
        newOutputs,
        newFingerprint,
        isCached,
        Optional.ofNullable(newError),
        attempts,
        createdAt,
        startedAt,
        finishedAt);
  }

  /** A copy with the attempt of the same number replaced, or appended when new. */
  public TaskRun withAttempt(Attempt attempt) {
    List<Attempt> list = new java.util.ArrayList<>(attempts);
    if (!list.isEmpty() && list.getLast().number() == attempt.number()) {
      list.set(list.size() - 1, attempt);
    } else {
      list.add(attempt);
    }
    return new TaskRun(
        path,
        kind,
        displayName,
        state,
        inputs,
        outputs,
        fingerprint,
        cached,
        error,
        list,
        createdAt,
        startedAt,
        finishedAt);
  }

  /** A new task, pending, with its inputs. */
  public static TaskRun pending(
      String path, TaskKind kind, String displayName, TaskValues inputs, Instant at) {
    return new TaskRun(
        path,
        kind,
        displayName,
        TaskState.PENDING,
        inputs,
        TaskValues.EMPTY,
        Optional.empty(),
        false,
        Optional.empty(),
        List.of(),
        at,
        Optional.empty(),
        Optional.empty());
  }
}
