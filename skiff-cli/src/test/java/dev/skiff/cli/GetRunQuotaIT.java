package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import dev.skiff.store.identity.ProfileQuota;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff get run} shows why a step waits for its profile's quota, as the engine driving the
 * run (here in the test's JVM, on the same home) stored it.
 */
class GetRunQuotaIT {
  /** Two parallel steps; each waits (at most a minute) until {@code <dir>/release} exists. */
  private static final String PIPELINE =
      """
      components:
        comp-wait:
          executorLabel: exec-wait
      deploymentSpec:
        executors:
          exec-wait:
            container:
              image: alpine
              command: [sh, -c, 'i=0; while [ ! -e "$0/release" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done', '%s']
      pipelineInfo: {name: quota-pair}
      root:
        dag:
          tasks:
            left:
              componentRef: {name: comp-wait}
              taskInfo: {name: left}
            right:
              componentRef: {name: comp-wait}
              taskInfo: {name: right}
      schemaVersion: 2.1.0
      sdkVersion: kfp-2.14.6
      """;

  @TempDir Path home;
  @TempDir Path work;

  @Test
  void get_run_shows_the_quota_a_waiting_step_waits_for() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      db.profiles().create(Profile.of("team-a", "owner@example.com", ""));
      db.profiles().setQuota("team-a", new ProfileQuota(1, null, null, null, null));
      try (Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles())) {
        String id =
            engine
                .runs()
                .submit(
                    PIPELINE.formatted(work),
                    "quota.yaml",
                    Map.of(),
                    new RunOptions("", "team-a", false));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (engine.runs().get(id).orElseThrow().tasks().stream()
            .noneMatch(t -> t.statusMessage().isPresent())) {
          assertThat(System.nanoTime()).as("no step ever waited").isLessThan(deadline);
          Thread.sleep(50);
        }
        String waiting =
            engine.runs().get(id).orElseThrow().tasks().stream()
                .filter(t -> t.statusMessage().isPresent())
                .map(TaskRun::path)
                .findFirst()
                .orElseThrow();

        CliRun get = CliRun.of("get", "run", id, "--home", home.toString());
        assertThat(get.exit()).as(get.err()).isZero();
        assertThat(get.out())
            .containsPattern(
                waiting
                    + " +RUNNING .*\\R  waiting for quota: profile 'team-a' uses 1 of 1 steps\\R");
        assertThat(get.out()).containsOnlyOnce("waiting for quota");

        Files.createFile(work.resolve("release"));
        engine.runs().await(id, Duration.ofSeconds(30));
      }
    }
  }
}
