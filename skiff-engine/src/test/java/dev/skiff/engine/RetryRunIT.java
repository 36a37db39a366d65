package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.drive.RunConflictException;
import dev.skiff.engine.drive.RunListener;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code RunService.retry} with real processes on an H2 file database. */
class RetryRunIT {
  @TempDir Path home;
  @TempDir Path dir;
  private EngineHarness engine;

  @BeforeEach
  void start() {
    engine = new EngineHarness(home);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  /** Submits retry_run.yaml, whose second step fails until the file "go" exists. */
  private String submitRetryRun() throws Exception {
    return engine.runs.submit(
        EngineHarness.fixture("retry_run.yaml"),
        "retry_run.yaml",
        Map.of("dir", JsonValue.of(dir.toString())),
        RunOptions.DEFAULT);
  }

  private static TaskRun task(RunView v, String path) {
    return v.tasks().stream().filter(t -> t.path().equals(path)).findFirst().orElseThrow();
  }

  @Test
  void a_failed_run_resumes_keeping_the_step_that_succeeded() throws Exception {
    Map<String, JsonValue> params = Map.of("dir", JsonValue.of(dir.toString()));
    RunView failed = engine.run("retry_run.yaml", params);
    assertThat(failed.run().state()).isEqualTo(RunState.FAILED);
    String id = failed.run().id();
    assertThat(task(failed, "second").state()).isEqualTo(TaskState.FAILED);

    Files.createFile(dir.resolve("go"));
    assertThat(engine.runs.retry(id)).isTrue();
    RunView done = engine.runs.await(id, Duration.ofSeconds(30));
    assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
    assertThat(done.run().error()).isEmpty();
    assertThat(Files.readAllLines(dir.resolve("first"))).as("first ran once").hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("second"))).hasSize(2);
    TaskRun second = task(done, "second");
    assertThat(second.attempts())
        .extracting(a -> a.state())
        .containsExactly(AttemptState.FAILED, AttemptState.SUCCEEDED);
    assertThat(engine.log(done, "second", 1)).contains("no go");
    assertThat(engine.log(done, "second", 2)).contains("step second").doesNotContain("no go");
    assertThat(task(done, "first").attempts()).hasSize(1);
    assertThat(engine.database.runs().owner(id)).as("a finished run holds no lease").isEmpty();

    assertThatThrownBy(() -> engine.runs.retry(id))
        .isInstanceOf(RunConflictException.class)
        .hasMessageContaining("is SUCCEEDED: only a failed or canceled run can be retried");
    assertThat(engine.runs.retry("no-such-run")).isFalse();
  }

  @Test
  void a_second_engine_cannot_retry_the_same_failure_again() throws Exception {
    RunView failed = engine.run("retry_run.yaml", Map.of("dir", JsonValue.of(dir.toString())));
    String id = failed.run().id();
    Files.createFile(dir.resolve("go"));
    try (Engine other = Engine.open(EngineSettings.of(home), engine.database.runs())) {
      assertThat(other.runs().retry(id)).isTrue();
      assertThatThrownBy(() -> engine.runs.retry(id)).isInstanceOf(RunConflictException.class);
      RunView done = other.runs().await(id, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
    }
    assertThat(engine.runs.delete(id)).isPresent();
    assertThat(engine.runs.get(id)).isEmpty();
    assertThat(engine.runs.delete(id)).isEmpty();
  }

  @Test
  void a_canceled_run_is_retried_too() throws Exception {
    String id = submitRetryRun();
    engine.runs.cancel(id);
    RunView canceled = engine.runs.await(id, Duration.ofSeconds(30));
    assertThat(canceled.run().state()).isEqualTo(RunState.CANCELED);
    Files.createFile(dir.resolve("go"));
    engine.runs.retry(id);
    assertThat(engine.runs.await(id, Duration.ofSeconds(30)).run().state())
        .isEqualTo(RunState.SUCCEEDED);
  }

  @Test
  void a_retry_sent_as_soon_as_the_failure_is_stored_waits_for_the_driver_to_finish()
      throws Exception {
    CountDownLatch failedStored = new CountDownLatch(1);
    CountDownLatch listenerDone = new CountDownLatch(1);
    try (AutoCloseable sub =
        engine.runs.subscribe(
            new RunListener() {
              @Override
              public void runChanged(RunRecord run) {
                if (run.state() == RunState.FAILED) {
                  failedStored.countDown();
                  try { // a slow listener: the driver ends only after it returns
                    listenerDone.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              }
            })) {
      String id = submitRetryRun();
      assertThat(failedStored.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(engine.runs.get(id).orElseThrow().run().state()).isEqualTo(RunState.FAILED);
      assertThat(engine.runs.isActive(id)).as("its driver is still telling listeners").isTrue();
      Files.createFile(dir.resolve("go"));
      CompletableFuture.runAsync(
          listenerDone::countDown, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

      assertThat(engine.runs.retry(id)).isTrue();
      assertThat(engine.runs.await(id, Duration.ofSeconds(30)).run().state())
          .isEqualTo(RunState.SUCCEEDED);
    }
  }
}
