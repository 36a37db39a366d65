package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepExecutor;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskState;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wide fan-out hands the executor at most its launch window of attempts at a time; the rest wait
 * in the engine and all of them still run, once each.
 */
class LaunchWindowIT {
  @TempDir Path home;

  /** The real local executor, with a small window and a count of attempts handed over. */
  static final class CountingExecutor implements StepExecutor {
    final LocalProcessExecutor real;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();

    @Override
    public CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      started.incrementAndGet();
      return real.start(launch, listener).whenComplete((r, e) -> inFlight.decrementAndGet());
    }

    CountingExecutor(Path home) {
      real = new LocalProcessExecutor(LocalExecutorConfig.defaults(), home);
    }

    @Override
    public CompletableFuture<StepResult> reclaim(StepLaunch launch, Optional<StepHandle> handle) {
      return real.reclaim(launch, handle);
    }

    @Override
    public LogSource logs() {
      return real.logs();
    }

    @Override
    public int launchWindow() {
      return 3;
    }

    @Override
    public void cancel(StepId id) {
      real.cancel(id);
    }

    @Override
    public void close() {
      real.close();
    }
  }

  static String fanOut(int n) {
    StringBuilder b =
        new StringBuilder(
            """
            components:
              comp-step: {executorLabel: exec-step}
            deploymentSpec:
              executors:
                exec-step:
                  container: {image: alpine, command: [sh, -c, 'sleep 0.05']}
            pipelineInfo: {name: wide}
            root:
              dag:
                tasks:
            """);
    for (int i = 0; i < n; i++) {
      b.append("      s").append(i).append(":\n");
      b.append("        componentRef: {name: comp-step}\n");
      b.append("        taskInfo: {name: s").append(i).append("}\n");
    }
    return b.append("schemaVersion: 2.1.0\nsdkVersion: kfp-2.14.6\n").toString();
  }

  @Test
  void a_wide_fan_out_waits_in_the_engine_and_every_step_runs_once() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        CountingExecutor executor = new CountingExecutor(home);
        RunService runs =
            new RunService(
                db.runs(),
                executor,
                new LocalArtifactStore(home.resolve("artifacts")),
                EngineConfig.defaults())) {
      String id = runs.submit(fanOut(25), "wide.yaml", Map.of(), RunOptions.DEFAULT);
      RunView done = runs.await(id, Duration.ofSeconds(60));

      assertThat(done.run().state()).as(done.toString()).isEqualTo(RunState.SUCCEEDED);
      assertThat(done.tasks()).hasSize(25).allMatch(t -> t.state() == TaskState.SUCCEEDED);
      assertThat(done.tasks()).allMatch(t -> t.attempts().size() == 1);
      assertThat(executor.started.get()).isEqualTo(25);
      assertThat(executor.maxInFlight.get()).isBetween(1, 3);
    }
  }

  @Test
  void canceling_drops_the_launches_that_wait() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        CountingExecutor executor = new CountingExecutor(home);
        RunService runs =
            new RunService(
                db.runs(),
                executor,
                new LocalArtifactStore(home.resolve("artifacts")),
                EngineConfig.defaults())) {
      String id =
          runs.submit(
              fanOut(40).replace("sleep 0.05", "sleep 30"),
              "wide.yaml",
              Map.of(),
              RunOptions.DEFAULT);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (executor.started.get() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      runs.cancel(id);
      RunView done = runs.await(id, Duration.ofSeconds(30));

      assertThat(done.run().state()).isEqualTo(RunState.CANCELED);
      assertThat(executor.started.get()).as("only the window was ever started").isEqualTo(3);
      assertThat(done.tasks()).allMatch(t -> t.state() == TaskState.CANCELED);
    }
  }
}
