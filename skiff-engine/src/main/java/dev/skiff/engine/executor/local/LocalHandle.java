package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.StepHandle;
import java.time.Instant;
import java.util.Optional;

/**
 * The local executor's {@link StepHandle}: a step's process id (which also names its process group)
 * and the process's start time, as {@code <pid>@<epoch millis>}. The start time tells a process
 * that still runs this step from another that reuses the pid later.
 *
 * @param pid the process id
 * @param started when the process started, when the OS says
 */
record LocalHandle(long pid, Optional<Instant> started) {

  /** The handle of a running process. */
  static LocalHandle of(ProcessHandle process) {
    return new LocalHandle(process.pid(), process.info().startInstant());
  }

  /** Reads a handle; a bare pid (written by Skiff before handles had start times) is accepted. */
  static Optional<LocalHandle> parse(StepHandle handle) {
    String text = handle.value();
    int at = text.indexOf('@');
    try {
      long pid = Long.parseLong(at < 0 ? text : text.substring(0, at));
      Optional<Instant> started =
          at < 0
              ? Optional.empty()
              : Optional.of(Instant.ofEpochMilli(Long.parseLong(text.substring(at + 1))));
      return pid > 1 ? Optional.of(new LocalHandle(pid, started)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The handle to store. */
  StepHandle toHandle() {
    return new StepHandle(
        started.map(s -> pid + "@" + s.toEpochMilli()).orElse(Long.toString(pid)));
  }

  /**
   * The process, when it still runs and is the one this handle names (its start time matches to the
   * millisecond). A handle without a start time matches no process: it cannot be told from a reused
   * pid.
   */
  Optional<ProcessHandle> live() {
    if (started.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info()
                    .startInstant()
                    .map(s -> s.toEpochMilli() == started.get().toEpochMilli())
                    .orElse(false));
  }
}
