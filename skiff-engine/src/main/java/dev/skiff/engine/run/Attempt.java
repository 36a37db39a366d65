package dev.skiff.engine.run;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a container step.
 *
 * @param number 1 for the first try
 * @param state how it stands
 * @param handle the executor's name for it once started (opaque: a process locally, a pod on
 *     Kubernetes), so that a later engine can reclaim it
 * @param exitCode the exit code, when it exited
 * @param message why it failed, when it did; while it runs, why it has not been handed to the
 *     executor yet (e.g. {@code waiting for quota: profile 'team-a' uses 1 of 1 GPUs}), if it waits
 * @param startedAt when it was handed to the executor (while it waits: when it began to wait)
 * @param finishedAt when it ended
 * @param runtime what ran it, e.g. {@code skiff-python-runtime 2.15.2+skiff.1.0.0}, {@code host kfp
 *     2.9.0}, {@code sdk-pip}, {@code container}; empty until the executor says, and for attempts
 *     stored before Skiff recorded it
 */
public record Attempt(
    int number,
    AttemptState state,
    Optional<String> handle,
    Optional<Integer> exitCode,
    Optional<String> message,
    Instant startedAt,
    Optional<Instant> finishedAt,
    Optional<String> runtime) {

  /** A new attempt, just handed to the executor. */
  public static Attempt started(int number, Instant at) {
    return new Attempt(
        number,
        AttemptState.RUNNING,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        at,
        Optional.empty(),
        Optional.empty());
  }

  /** A copy, still waiting to be handed to the executor, that says why. */
  public Attempt waiting(String why) {
    return new Attempt(
        number, state, handle, exitCode, Optional.of(why), startedAt, finishedAt, runtime);
  }

  /**
   * A copy of a waiting attempt that went to the executor at {@code at}: no reason to wait left.
   */
  public Attempt handedOver(Instant at) {
    return new Attempt(number, state, handle, exitCode, Optional.empty(), at, finishedAt, runtime);
  }

  /** A copy with another message for people (empty: none). */
  public Attempt withMessage(Optional<String> newMessage) {
    return new Attempt(number, state, handle, exitCode, newMessage, startedAt, finishedAt, runtime);
  }

  /** A copy that records the executor's handle. */
  public Attempt withHandle(String newHandle) {
    return new Attempt(
        number, state, Optional.of(newHandle), exitCode, message, startedAt, finishedAt, runtime);
  }

  /** A copy that records what runs it. */
  public Attempt withRuntime(String newRuntime) {
    return new Attempt(
        number,
        state,
        handle,
        exitCode,
        message,
        startedAt,
        finishedAt,
        Optional.ofNullable(newRuntime));
  }

  /** A copy that has ended. */
  public Attempt ended(AttemptState end, Integer exit, String why, Instant at) {
    return new Attempt(
        number,
        end,
        handle,
        Optional.ofNullable(exit),
        Optional.ofNullable(why),
        startedAt,
        Optional.of(at),
        runtime);
  }
}
