package dev.skiff.engine.executor.injvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.logs.RunLogs;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over an executor that starts no process ({@link InJvmExecutor}), on a real H2 store:
 * parameters and artifacts pass between steps, a failed attempt is retried, a cancel reaches a
 * running step, logs come from the executor, and a restarted engine re-attaches to a step that kept
 * running instead of running it again.
 */
class ExecutorSeamIT {
  @TempDir Path home;

  private Database db;
  private LocalArtifactStore artifacts;
  private InJvmExecutor executor;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger holdRuns = new AtomicInteger();
  private final AtomicInteger flakyRuns = new AtomicInteger();

  @BeforeEach
  void open() {
    db = Database.open(DatabaseConfig.h2File(home));
    artifacts = new LocalArtifactStore(home.resolve("artifacts"));
    executor =
        new InJvmExecutor(
            artifacts,
            Map.of(
                "produce",
                (launch, io) -> {
                  long n =
                      (long)
                          ((JsonValue.Num)
                                  launch.executorInput().inputs().parameterValues().get("n"))
                              .value();
                  io.writeOutput("data", "rows=" + n);
                  io.log().println("produced " + n);
                  return new StepResult.Succeeded(
                      Map.of("count", JsonValue.of(2 * n)),
                      launch.executorInput().outputs().artifacts(),
                      Duration.ZERO);
                },
                "flaky",
                (launch, io) -> {
                  int attempt = flakyRuns.incrementAndGet();
                  io.log().println("attempt " + attempt);
                  return attempt == 1
                      ? new StepResult.Failed("first attempts fail", 1, Duration.ZERO)
                      : new StepResult.Succeeded(
                          Map.of("Output", JsonValue.of("ok")), Map.of(), Duration.ZERO);
                },
                "hold",
                (launch, io) -> {
                  holdRuns.incrementAndGet();
                  io.log().println("holding");
                  release.await();
                  return new StepResult.Succeeded(
                      Map.of("Output", JsonValue.of("released")), Map.of(), Duration.ZERO);
                },
                "consume",
                (launch, io) -> {
                  Map<String, JsonValue> in = launch.executorInput().inputs().parameterValues();
                  String text =
                      io.readInput("data")
                          + "/"
                          + ((JsonValue.Num) in.get("count")).value()
                          + "/"
                          + ((JsonValue.Str) in.get("flaky")).value()
                          + "/"
                          + ((JsonValue.Str) in.get("held")).value();
                  return new StepResult.Succeeded(
                      Map.of("Output", JsonValue.of(text)), Map.of(), Duration.ZERO);
                }));
  }

  @AfterEach
  void close() {
    release.countDown();
    executor.close();
    db.close();
  }

  private RunService service() {
    return new RunService(db.runs(), executor, artifacts, EngineConfig.defaults());
  }

  private static String fixture() throws Exception {
    try (InputStream in = ExecutorSeamIT.class.getResourceAsStream("/pipelines/injvm.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static TaskRun task(RunView v, String path) {
    return v.task(path).orElseThrow(() -> new AssertionError("no task " + path + " in " + v));
  }

  @Test
  void a_pipeline_runs_end_to_end_on_an_executor_without_processes() throws Exception {
    try (RunService runs = service()) {
      String id =
          runs.submit(fixture(), "injvm.yaml", Map.of("n", JsonValue.of(21)), RunOptions.DEFAULT);
      release.countDown();
      RunView done = runs.await(id, Duration.ofSeconds(20));

      assertThat(done.run().state()).as(done.toString()).isEqualTo(RunState.SUCCEEDED);
      assertThat(task(done, "consume").outputs().parameters().get("Output"))
          .isEqualTo(JsonValue.of("rows=21/42.0/ok/released"));
      TaskRun flaky = task(done, "flaky");
      assertThat(flaky.attempts())
          .extracting(a -> a.state())
          .containsExactly(AttemptState.FAILED, AttemptState.SUCCEEDED);
      assertThat(flaky.attempts())
          .allSatisfy(a -> assertThat(a.handle().orElseThrow()).startsWith("injvm:"));
      assertThat(flaky.attempts().getLast().runtime()).contains("in-jvm flaky");

      StringWriter out = new StringWriter();
      RunLogs.write(
          id, runs.logs(), RunLogs.select(done, "flaky", 0), false, false, () -> true, out);
      assertThat(out.toString()).isEqualTo("attempt 2\n");
      StringWriter all = new StringWriter();
      RunLogs.write(id, runs.logs(), RunLogs.select(done, null, 0), true, false, () -> true, all);
      assertThat(all.toString()).contains("==> produce (attempt 1, SUCCEEDED) <==\nproduced 21\n");
    }
  }

  @Test
  void a_cancel_reaches_a_running_step() throws Exception {
    try (RunService runs = service()) {
      String id =
          runs.submit(fixture(), "injvm.yaml", Map.of("n", JsonValue.of(1)), RunOptions.DEFAULT);
      waitUntil(() -> holdRuns.get() == 1);
      assertThat(runs.cancel(id)).isTrue();
      RunView done = runs.await(id, Duration.ofSeconds(20));
      assertThat(done.run().state()).isEqualTo(RunState.CANCELED);
      assertThat(task(done, "hold").state()).isEqualTo(TaskState.CANCELED);
      assertThat(done.task("consume")).isEmpty();
      assertThat(executor.running()).isZero();
    }
  }

  @Test
  void a_restarted_engine_reattaches_to_a_step_that_kept_running() throws Exception {
    String id;
    try (RunService first = service()) {
      id = first.submit(fixture(), "injvm.yaml", Map.of("n", JsonValue.of(5)), RunOptions.DEFAULT);
      waitUntil(() -> holdRuns.get() == 1);
      waitUntil(
          () ->
              first.get(id).flatMap(v -> v.task("hold")).stream()
                  .anyMatch(t -> t.attempts().stream().anyMatch(a -> a.handle().isPresent())));
    } // the first engine stops; the step goes on in the executor, as a pod would
    try (RunService second = service()) {
      assertThat(second.recover()).containsExactly(id);
      release.countDown();
      RunView done = second.await(id, Duration.ofSeconds(20));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(task(done, "hold").attempts())
          .as("re-attached, not re-run")
          .singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo(AttemptState.SUCCEEDED));
      assertThat(holdRuns.get()).isEqualTo(1);
      assertThat(task(done, "consume").outputs().parameters().get("Output"))
          .isEqualTo(JsonValue.of("rows=5/10.0/ok/released"));
      assertThat(List.of(id)).isNotEmpty();
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier c) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!c.getAsBoolean()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
