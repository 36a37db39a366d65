package dev.skiff.engine.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a container step.
 *
 * @param number 1 for the first try
 * @param state how it stands
 * @param pid its process (group) id once started
 * @param logFile where its stdout and stderr go
 * @param exitCode the exit code, when it exited
 * @param message why it failed, when it did
 * @param startedAt when it was handed to the executor
 * @param finishedAt when it ended
 * @param runtime what ran it, e.g. {@code skiff-python-runtime 2.15.2+skiff.1.0.0}, {@code host kfp
 *     2.9.0}, {@code sdk-pip}, {@code container} (see {@code StepLaunch#runtime()}); empty for
 *     attempts stored before Skiff recorded it
 */
public record Attempt(
    int number,
    AttemptState state,
    Optional<Long> pid,
    Path logFile,
    Optional<Integer> exitCode,
    Optional<String> message,
    Instant startedAt,
    Optional<Instant> finishedAt,
    Optional<String> runtime) {

  /** An attempt without a recorded runtime. */
  public Attempt(
      int number,
      AttemptState state,
      Optional<Long> pid,
      Path logFile,
      Optional<Integer> exitCode,
      Optional<String> message,
      Instant startedAt,
      Optional<Instant> finishedAt) {
    this(number, state, pid, logFile, exitCode, message, startedAt, finishedAt, Optional.empty());
  }

  /** A new attempt, just handed to the executor. */
  public static Attempt started(int number, Path logFile, Instant at) {
    return new Attempt(
        number,
        AttemptState.RUNNING,
        Optional.empty(),
        logFile,
        Optional.empty(),
        Optional.empty(),
        at,
        Optional.empty());
  }

  /** A copy that records the process id. */
  public Attempt withPid(long newPid) {
    return new Attempt(
        number,
        state,
        Optional.of(newPid),
        logFile,
        exitCode,
        message,
        startedAt,
        finishedAt,
        runtime);
  }

  /** A copy that records what runs it. */
  public Attempt withRuntime(String newRuntime) {
    return new Attempt(
        number,
        state,
        pid,
        logFile,
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
        pid,
        logFile,
        Optional.ofNullable(exit),
        Optional.ofNullable(why),
        startedAt,
        Optional.of(at),
        runtime);
  }
}
