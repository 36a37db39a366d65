package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff get} and {@code skiff logs} in a second terminal while {@code skiff run} drives a
 * run in its own JVM on the same home (the embedded H2 file shared between the two processes).
 */
class TwoTerminalsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  /**
   * One step that logs a line, marks that it started, and then waits (at most a minute) until the
   * test creates the release file named by its first argument, so the run is surely RUNNING while
   * the second terminal looks at it, however slow the machine.
   */
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
              command:
              - sh
              - -c
              - 'echo waiting for release; touch "$0.started"; i=0;
                 while [ ! -e "$0" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done;
                 echo released'
              - '%s'
      pipelineInfo:
        name: two-terminals
      root:
        dag:
          tasks:
            wait:
              componentRef: {name: comp-wait}
              taskInfo: {name: wait}
      schemaVersion: 2.1.0
      sdkVersion: kfp-2.14.6
      """;

  @TempDir Path home;
  @TempDir Path work;

  @Test
  void get_and_logs_answer_from_a_second_process_while_an_in_process_run_runs() throws Exception {
    Path release = work.resolve("release");
    Path started = work.resolve("release.started");
    Path pipeline =
        Files.writeString(work.resolve("two-terminals.yaml"), PIPELINE.formatted(release));

    Process first =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                pipeline.toString(),
                "--home",
                home.toString())
            .redirectErrorStream(true)
            .start();
    List<String> firstOutput = new CopyOnWriteArrayList<>();
    Thread.ofVirtual()
        .start(
            () ->
                new BufferedReader(
                        new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))
                    .lines()
                    .forEach(firstOutput::add));
    try {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!Files.exists(started)) {
        assertThat(first.isAlive()).as("skiff run exited early: %s", firstOutput).isTrue();
        assertThat(System.nanoTime()).as("the step never started").isLessThan(deadline);
        Thread.sleep(100);
      }
      String runId = firstOutput.getFirst().split(" ")[1].replace(":", "");

      CliRun list = CliRun.of("get", "runs", "--home", home.toString());
      assertThat(list.exit()).as(list.err()).isZero();
      assertThat(list.out().lines().filter(l -> l.startsWith(runId)).findFirst())
          .hasValueSatisfying(row -> assertThat(row).contains("RUNNING", "two-terminals"));

      CliRun run = CliRun.of("get", "run", runId, "--home", home.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("state:    RUNNING").containsPattern("wait +RUNNING");

      CliRun logs = CliRun.of("logs", runId, "--home", home.toString());
      assertThat(logs.exit()).as(logs.err()).isZero();
      assertThat(logs.out()).contains("waiting for release").doesNotContain("released");

      Files.createFile(release);
      assertThat(first.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as("%s", firstOutput).isZero();
      assertThat(String.join("\n", firstOutput)).contains("SUCCEEDED  wait");

      // The first process is gone: the second opens the file itself and sees the finished run.
      CliRun after = CliRun.of("get", "run", runId, "--home", home.toString());
      assertThat(after.exit()).as(after.err()).isZero();
      assertThat(after.out()).contains("state:    SUCCEEDED");
      assertThat(CliRun.of("logs", runId, "wait", "--home", home.toString()).out())
          .contains("waiting for release", "released");
    } finally {
      first.destroyForcibly();
    }
  }
}
