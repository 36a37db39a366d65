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
 */
public record Attempt(
    int number,
    AttemptState state,
    Optional<Long> pid,
    Path logFile,
    Optional<Integer> exitCode,
    Optional<String> message,
    Instant startedAt,
    Optional<Instant> finishedAt) {

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
        number, state, Optional.of(newPid), logFile, exitCode, message, startedAt, finishedAt);
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
        Optional.of(at));
  }
}
