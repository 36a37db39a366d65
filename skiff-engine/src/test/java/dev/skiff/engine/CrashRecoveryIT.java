package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of an engine with steps in flight: a new engine on the same database finishes the run,
 * finished steps are not re-run and their outputs are intact, steps that were running run again as
 * a new attempt, and the old processes are gone.
 */
class CrashRecoveryIT {

  @Test
  void a_run_resumes_after_the_engine_is_killed(@TempDir Path home, @TempDir Path dir)
      throws Exception {
    Process child = crashingEngine(home, dir, "30");
    String runId;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (!(Files.exists(dir.resolve("b.started"))
          && Files.exists(dir.resolve("c.started"))
          && Files.exists(dir.resolve("d.started")))) {
        assertThat(child.isAlive()).as("child alive; log: %s", log(home)).isTrue();
        assertThat(System.nanoTime()).as("steps started; log: %s", log(home)).isLessThan(deadline);
        Thread.sleep(50);
      }
      // d has ended once the executor wrote its exit status; b's start is on record once its
      // handle file is there. b and c sleep on. (A fixed pause here raced both on a busy machine.)
      while (!attemptFileExists(home, "d/attempt-1/exit-code")
          || !attemptFileExists(home, "b/attempt-1/handle")) {
        assertThat(child.isAlive()).as("child alive; log: %s", log(home)).isTrue();
        assertThat(System.nanoTime()).as("d ended; log: %s", log(home)).isLessThan(deadline);
        Thread.sleep(20);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
      child.waitFor(10, TimeUnit.SECONDS);
    }
    try (EngineHarness engine = new EngineHarness(home)) {
      runId = engine.runs.list(null, 10).getFirst().id();
      RunView before = engine.runs.get(runId).orElseThrow();
      assertThat(before.run().state()).isEqualTo(RunState.RUNNING);
      String handle =
          Files.readString(home.resolve("runs").resolve(runId).resolve("b/attempt-1/handle"))
              .strip();
      long bPid = Long.parseLong(handle.substring(0, handle.indexOf('@')));

      assertThat(engine.runs.recover()).containsExactly(runId);
      long until = System.nanoTime() + 5_000_000_000L; // init reaps the killed group soon after
      while (ProcessHandle.of(bPid).map(ProcessHandle::isAlive).orElse(false)
          && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(ProcessHandle.of(bPid).map(ProcessHandle::isAlive).orElse(false))
          .as("the old b process group was killed")
          .isFalse();
      // b and c sleep 30 s the first time only (crash.yaml), so the re-runs end at once.
      RunView run = engine.runs.await(runId, Duration.ofSeconds(60));

      assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
      assertThat(lines(dir, "a")).as("a finished before the crash: not re-run").isEqualTo(1);
      assertThat(lines(dir, "d")).as("d finished before the crash: not re-run").isEqualTo(1);
      assertThat(lines(dir, "b")).as("b was running: re-run once").isEqualTo(2);
      assertThat(lines(dir, "e")).isEqualTo(1);
      assertThat(run.task("b").orElseThrow().attempts())
          .extracting(a -> a.state())
          .containsExactly(AttemptState.LOST, AttemptState.SUCCEEDED);
      assertThat(run.task("a").orElseThrow().outputs().parameters().get("Output"))
          .isEqualTo(JsonValue.of("a"));
      assertThat(run.task("e").orElseThrow().outputs().parameters().get("Output"))
          .isEqualTo(JsonValue.of("abe"));
    }
  }

  /**
   * kill -9 right after a step started, when its handle may not be stored yet (it is written
   * lazily): the new engine stops the old process, found through the store or the handle file in
   * the attempt's folder, instead of leaving it running beside the re-run.
   */
  @Test
  void a_step_started_just_before_a_crash_is_stopped_not_left_running(
      @TempDir Path home, @TempDir Path dir) throws Exception {
    crashAfterBStarted(home, dir, 0, Forget.NOTHING);
  }

  /** The attempt is stored, but the crash came before its handle was (the lazy write's window). */
  @Test
  void a_step_whose_handle_was_not_stored_yet_is_stopped_after_a_crash(
      @TempDir Path home, @TempDir Path dir) throws Exception {
    crashAfterBStarted(home, dir, 500, Forget.STORED_HANDLE);
  }

  /** Whether some run's step b has its first attempt's handle file. */
  private static boolean handleFileOfB(Path home) throws java.io.IOException {
    return attemptFileExists(home, "b/attempt-1/handle");
  }

  /** Whether the only run's attempt folder holds this file (a path below the run's folder). */
  private static boolean attemptFileExists(Path home, String path) throws java.io.IOException {
    Path runs = home.resolve("runs");
    if (!Files.isDirectory(runs)) {
      return false;
    }
    try (var all = Files.list(runs)) {
      return all.anyMatch(run -> Files.exists(run.resolve(path)));
    }
  }

  /** What of b's start is wiped after the crash, as if the engine had died before writing it. */
  private enum Forget {
    NOTHING,
    /** The handle in the store: the crash came within the lazy write's window. */
    STORED_HANDLE,
    /** The handle in the store and the handle file: the crash came right after the spawn. */
    HANDLE_FILE_TOO
  }

  private void crashAfterBStarted(Path home, Path dir, long waitMillis, Forget forget)
      throws Exception {
    Process child = crashingEngine(home, dir, "30");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      // b's own marker, then the executor's record of the start in b's folder: the step can write
      // its marker before the executor has written the handle file (a loaded machine schedules
      // the step first), and a kill inside that window is not what this test is about.
      while (!Files.exists(dir.resolve("b.started")) || !handleFileOfB(home)) {
        assertThat(child.isAlive()).as("child alive; log: %s", log(home)).isTrue();
        assertThat(System.nanoTime()).as("b started; log: %s", log(home)).isLessThan(deadline);
        Thread.sleep(5);
      }
      Thread.sleep(waitMillis);
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
    try (EngineHarness engine = new EngineHarness(home)) {
      String runId = engine.runs.list(null, 10).getFirst().id();
      Path handleFile = home.resolve("runs").resolve(runId).resolve("b/attempt-1/handle");
      String handle = Files.readString(handleFile).strip();
      long bPid = Long.parseLong(handle.substring(0, handle.indexOf('@')));
      assertThat(ProcessHandle.of(bPid).map(ProcessHandle::isAlive).orElse(false))
          .as("b runs on after the crash")
          .isTrue();
      if (forget != Forget.NOTHING) {
        assertThat(engine.runs.get(runId).orElseThrow().task("b").orElseThrow().attempts())
            .as("b's attempt was stored before the crash")
            .hasSize(1);
        engine
            .database
            .jdbi()
            .useHandle(
                h ->
                    h.execute(
                        "UPDATE task_attempt SET handle = NULL WHERE run_id = ? AND path = 'b'",
                        runId));
      }

      if (forget == Forget.HANDLE_FILE_TOO) {
        Files.delete(handleFile);
      }

      assertThat(engine.runs.recover()).containsExactly(runId);
      long until = System.nanoTime() + 5_000_000_000L;
      while (ProcessHandle.of(bPid).map(ProcessHandle::isAlive).orElse(false)
          && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(ProcessHandle.of(bPid).map(ProcessHandle::isAlive).orElse(false))
          .as("the old b process group was stopped")
          .isFalse();
      RunView run = engine.runs.await(runId, Duration.ofSeconds(60));
      assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
      assertThat(lines(dir, "a")).as("a ran once").isEqualTo(1);
    }
  }

  /**
   * The crash came between b's spawn and the write of its handle file: nothing records the process
   * but the attempt's tag in its environment, by which the new engine finds and stops it.
   */
  @Test
  void a_step_spawned_right_before_a_crash_with_no_handle_anywhere_is_found_and_stopped(
      @TempDir Path home, @TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(Path.of("/proc/self/environ")),
        "finding a process by its tag needs /proc");
    crashAfterBStarted(home, dir, 500, Forget.HANDLE_FILE_TOO);
  }

  /** An engine in a child JVM that runs crash.yaml, whose b and c sleep {@code seconds}. */
  private static Process crashingEngine(Path home, Path dir, String seconds) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            CrashRunMain.class.getName(),
            home.toString(),
            dir.toString(),
            seconds)
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("child.log").toFile())
        .start();
  }

  private static long lines(Path dir, String name) throws Exception {
    return Files.readAllLines(dir.resolve(name)).size();
  }

  private static String log(Path home) {
    try {
      return Files.readString(home.resolve("child.log"));
    } catch (Exception e) {
      return "(no log)";
    }
  }
}
