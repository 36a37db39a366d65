package dev.skiff.engine.drive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.executor.injvm.InJvmExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoreException;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the driver does when writing fails or the engine itself breaks: a busy store delays the run
 * and loses nothing; any other failure, a {@link StackOverflowError} included, ends the run FAILED
 * with one line; a lost lease stops the driver without writing and stops its steps.
 */
class RunDriverFailuresIT {
  @TempDir Path home;

  private Database db;
  private FailingRunRepository repo;
  private LocalArtifactStore artifacts;
  private InJvmExecutor executor;
  private final Map<String, AtomicInteger> runsOf =
      Map.of(
          "produce",
          new AtomicInteger(),
          "flaky",
          new AtomicInteger(),
          "hold",
          new AtomicInteger(),
          "consume",
          new AtomicInteger());
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void open() {
    db = Database.open(DatabaseConfig.h2File(home));
    repo = new FailingRunRepository(db.runs());
    artifacts = new LocalArtifactStore(home.resolve("artifacts"));
    InJvmExecutor.Step ok =
        (launch, io) -> {
          String name = launch.container().command().getFirst();
          runsOf.get(name).incrementAndGet();
          if (name.equals("hold")) {
            release.await();
          }
          if (name.equals("produce")) {
            io.writeOutput("data", "x");
          }
          Map<String, JsonValue> out =
              name.equals("produce")
                  ? Map.of("count", JsonValue.of(1))
                  : Map.of("Output", JsonValue.of(name));
          return new StepResult.Succeeded(
              out, launch.executorInput().outputs().artifacts(), Duration.ZERO);
        };
    executor =
        new InJvmExecutor(artifacts, Map.of("produce", ok, "flaky", ok, "hold", ok, "consume", ok));
  }

  @AfterEach
  void close() {
    release.countDown();
    executor.close();
    db.close();
  }

  private RunService service(EngineConfig config) {
    return new RunService(repo, executor, artifacts, config);
  }

  private static String fixture() throws Exception {
    try (InputStream in = RunDriverFailuresIT.class.getResourceAsStream("/pipelines/injvm.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String submit(RunService runs) throws Exception {
    return runs.submit(fixture(), "injvm.yaml", Map.of("n", JsonValue.of(3)), RunOptions.DEFAULT);
  }

  @Test
  void a_busy_store_delays_the_run_and_every_step_runs_once() throws Exception {
    try (RunService runs = service(EngineConfig.defaults())) {
      String id = submit(runs);
      AtomicInteger refused = new AtomicInteger();
      repo.failWith(
          () ->
              refused.incrementAndGet() <= 4
                  ? new StoreException(
                      "busy", new SQLTransientConnectionException("no connection free"))
                  : null);
      release.countDown();
      RunView done = runs.await(id, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(refused.get()).as("writes refused, then accepted").isGreaterThan(4);
      runsOf.forEach((step, n) -> assertThat(n.get()).as("runs of " + step).isEqualTo(1));
    }
  }

  @Test
  void a_store_that_stays_away_stops_the_driver_and_the_run_resumes_when_it_answers()
      throws Exception {
    EngineConfig fast =
        EngineConfig.defaults().withLeases(Duration.ofSeconds(3), Duration.ofMillis(200));
    try (RunService runs = service(fast)) {
      String id = submit(runs);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (runsOf.get("hold").get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // the hold step's handle is stored (written lazily): a takeover needs it to adopt the step
      deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (runs.get(id).flatMap(v -> v.task("hold")).stream()
          .noneMatch(t -> t.attempts().stream().anyMatch(a -> a.handle().isPresent()))) {
        assertThat(System.nanoTime()).as("hold's handle stored").isLessThan(deadline);
        Thread.sleep(10);
      }
      AtomicInteger refused = new AtomicInteger();
      repo.failWith(
          () -> {
            refused.incrementAndGet();
            return new StoreException(
                "cannot save: connection refused",
                new SQLNonTransientConnectionException("Connection refused", "08001"));
          });
      release.countDown(); // hold ends while nothing can be written
      Thread.sleep(7_000); // past the driver's retries for a store that is away
      assertThat(refused.get()).as("writes were tried").isPositive();
      RunView during = runs.get(id).orElseThrow();
      assertThat(during.run().state())
          .as("not failed: the store was away")
          .isEqualTo(RunState.RUNNING);

      repo.failWith(() -> null); // the store answers again
      RunView done = runs.await(id, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
      runsOf.forEach((step, n) -> assertThat(n.get()).as("runs of " + step).isEqualTo(1));
      assertThat(done.task("hold").orElseThrow().attempts())
          .as("the ended step was adopted, not run again")
          .hasSize(1);
    }
  }

  @Test
  void a_store_error_that_is_not_transient_fails_the_run_in_one_line() throws Exception {
    try (RunService runs = service(EngineConfig.defaults())) {
      String id = submit(runs);
      AtomicInteger calls = new AtomicInteger();
      repo.failWith(
          () ->
              calls.incrementAndGet() == 1
                  ? new StoreException(
                      "cannot save", new SQLIntegrityConstraintViolationException("bad row"))
                  : null);
      release.countDown();
      RunView done = runs.await(id, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.FAILED);
      assertThat(done.run().error().orElseThrow())
          .startsWith("engine error: StoreException: cannot save")
          .doesNotContain("\n");
      assertThat(runs.cancel(id)).as("a finished run cannot be canceled").isFalse();
      assertThat(executor.running()).as("its steps were stopped").isZero();
    }
  }

  @Test
  void a_stack_overflow_inside_the_engine_fails_the_run_and_cancel_still_ends() throws Exception {
    EngineConfig broken =
        EngineConfig.defaults()
            .withCacheKeys(
                (task, component, container, inputs) -> {
                  if (task.name().equals("consume")) {
                    throw new StackOverflowError();
                  }
                  return "fp-" + task.name();
                });
    try (RunService runs = service(broken)) {
      String id = submit(runs);
      release.countDown();
      RunView done = runs.await(id, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.FAILED);
      assertThat(done.run().error()).contains("engine error: StackOverflowError");
      assertThat(done.task("consume")).isEmpty();
    }
  }

  @Test
  void a_driver_that_lost_its_run_writes_nothing_more_and_stops_its_steps() throws Exception {
    try (RunService runs = service(EngineConfig.defaults())) {
      String id = submit(runs);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (runsOf.get("hold").get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // Another process took the run over (its owner looked dead to it).
      db.jdbi()
          .useHandle(
              h ->
                  h.createUpdate("UPDATE run_lease SET owner = 'someone-else' WHERE run_id = :id")
                      .bind("id", id)
                      .execute());
      release.countDown(); // hold ends: the driver's next write is refused
      deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (runs.isActive(id) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(runs.isActive(id)).as("the driver stopped").isFalse();
      RunView stored = runs.get(id).orElseThrow();
      assertThat(stored.run().state()).isEqualTo(RunState.RUNNING);
      assertThat(stored.task("hold").orElseThrow().state())
          .as("the refused write left the old state")
          .isEqualTo(TaskState.RUNNING);
      assertThat(stored.task("consume")).isEmpty();
    }
  }
}
