package dev.skiff.engine.service;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills what a crashed engine left running: the process group of an attempt that was RUNNING.
 * Guards against pid reuse by checking that the process started no earlier than the attempt.
 */
final class StaleProcesses {
  private static final Logger log = LoggerFactory.getLogger(StaleProcesses.class);

  private StaleProcesses() {}

  /** Kills the group led by {@code pid} if that process still runs and belongs to the attempt. */
  static void kill(long pid, Instant attemptStarted) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return;
    }
    Optional<Instant> started = handle.get().info().startInstant();
    if (started.isPresent()
        && started.get().isBefore(attemptStarted.minus(Duration.ofSeconds(2)))) {
      log.warn("pid {} is older than its attempt: another process reused it; not killing", pid);
      return;
    }
    log.info("Killing process group {} left running by a previous engine", pid);
    handle.get().descendants().forEach(ProcessHandle::destroyForcibly);
    handle.get().destroyForcibly();
    try {
      // the whole group, including children that were re-parented when their parent died
      Process p = new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start();
      p.waitFor(2, TimeUnit.SECONDS);
    } catch (IOException e) {
      log.debug("kill -KILL -{} failed: {}", pid, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      handle.get().onExit().get(500, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("pid {} did not exit after SIGKILL: {}", pid, e.toString());
    }
  }
}
