package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Fixture pipelines run end to end: real processes, a real H2 database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndIT {
  @TempDir static Path home;
  private EngineHarness engine;

  @BeforeAll
  void start() {
    engine = new EngineHarness(home);
  }

  @AfterAll
  void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  static TaskRun task(RunView run, String path) {
    return run.task(path).orElseThrow(() -> new AssertionError("no task " + path + " in " + run));
  }

  static JsonValue out(RunView run, String path, String name) {
    return task(run, path).outputs().parameters().get(name);
  }

  @Test
  void parameters_of_every_type_outputs_and_artifacts_flow_between_steps() throws Exception {
    RunView run = engine.run("params_artifacts.yaml", Map.of());

    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(out(run, "produce", "summary"))
        .isEqualTo(JsonValue.of("20|1.5|true|[1,2]|{\"a\":1}|hi|dflt\n"));
    assertThat(out(run, "produce", "count")).isEqualTo(JsonValue.of(7));
    TaskRun consume = task(run, "consume");
    assertThat(consume.outputs().parameters().get("Output").toJson())
        .isEqualTo("\"payload/34/7/hi there\"");
    String dataUri = task(run, "produce").outputs().artifacts().get("data").getFirst().uri();
    assertThat(dataUri).startsWith("file:").endsWith("/produce/data");
    assertThat(Files.readString(Path.of(java.net.URI.create(dataUri)))).isEqualTo("payload\n");
    assertThat(consume.outputs().artifacts().get("model").getFirst().metadata().get("accuracy"))
        .isEqualTo(JsonValue.of(0.9));
    assertThat(consume.attempts()).singleElement();
    assertThat(engine.log(run, "consume", 1)).contains("job=params-artifacts");
  }

  @Test
  void a_true_condition_runs_its_dag_and_if_elif_else_gives_one_oneof_value() throws Exception {
    RunView run =
        engine.run("conditions.yaml", Map.of("coin", JsonValue.of("heads"), "n", JsonValue.of(50)));
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(task(run, "condition-1").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(task(run, "condition-1/heads-step").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(task(run, "after").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(task(run, "condition-branches-2/condition-3").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(task(run, "condition-branches-2/condition-4/medium").state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(task(run, "condition-branches-2/condition-5").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(out(run, "show", "Output")).isEqualTo(JsonValue.of("medium"));
  }

  @Test
  void a_false_condition_skips_the_dag_and_its_dependents() throws Exception {
    RunView run =
        engine.run("conditions.yaml", Map.of("coin", JsonValue.of("tails"), "n", JsonValue.of(3)));
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(task(run, "condition-1").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(task(run, "condition-1").error())
        .hasValueSatisfying(e -> assertThat(e).contains("condition is false"));
    assertThat(run.task("condition-1/heads-step")).isEmpty();
    assertThat(task(run, "after").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(out(run, "show", "Output")).isEqualTo(JsonValue.of("small"));
  }

  @Test
  void loops_run_over_raw_lists_inputs_and_upstream_outputs_and_collect_outputs() throws Exception {
    RunView run = engine.run("loops.yaml", Map.of());
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(out(run, "total", "Output")).isEqualTo(JsonValue.of("[1,4,9]"));
    assertThat(out(run, "for-loop-1", "pipelinechannel--square-Output").toJson())
        .isEqualTo("[1,4,9]");
    assertThat(out(run, "for-loop-2/0/square", "Output")).isEqualTo(JsonValue.of(36));
    assertThat(out(run, "for-loop-2/1/square", "Output")).isEqualTo(JsonValue.of(49));
    assertThat(out(run, "for-loop-3/0/square", "Output")).isEqualTo(JsonValue.of(16));
    assertThat(out(run, "for-loop-3/1/square", "Output")).isEqualTo(JsonValue.of(25));
    assertThat(task(run, "for-loop-1/2").state()).isEqualTo(TaskState.SUCCEEDED);
    // parallelismLimit 2: never three iterations of for-loop-1 at once
    List<Attempt> squares =
        List.of(
            task(run, "for-loop-1/0/square").attempts().getFirst(),
            task(run, "for-loop-1/1/square").attempts().getFirst(),
            task(run, "for-loop-1/2/square").attempts().getFirst());
    Attempt third = squares.stream().max(java.util.Comparator.comparing(Attempt::startedAt)).get();
    assertThat(
            squares.stream()
                .filter(a -> a != third)
                .anyMatch(a -> !a.finishedAt().get().isAfter(third.startedAt())))
        .as("the third iteration started after one of the others ended")
        .isTrue();
  }

  @Test
  void collected_artifacts_feed_an_artifact_iterator_and_its_outputs_are_collected()
      throws Exception {
    RunView run = engine.run("artifact_loops.yaml", Map.of());
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(task(run, "for-loop-1").outputs().artifacts().get("pipelinechannel--make-Output"))
        .as("one artifact per iteration, in item order")
        .hasSize(3);
    assertThat(out(run, "for-loop-2/0/size", "Output")).isEqualTo(JsonValue.of(1));
    assertThat(out(run, "for-loop-2/2/size", "Output")).isEqualTo(JsonValue.of(3));
    assertThat(out(run, "for-loop-2", "pipelinechannel--size-Output").toJson())
        .isEqualTo("[1,2,3]");
    assertThat(out(run, "total", "Output")).isEqualTo(JsonValue.of(6));
  }

  @Test
  void the_exit_handler_runs_after_success_with_the_final_status() throws Exception {
    RunView run = engine.run("exit_handler.yaml", Map.of("fail", JsonValue.of(false)));
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    JsonValue.Obj status = (JsonValue.Obj) out(run, "report", "Output");
    // KFP's backend reports the ML Metadata execution state: COMPLETE
    assertThat(status.get("state")).isEqualTo(JsonValue.of("COMPLETE"));
    assertThat(status.get("pipelineTaskName")).isEqualTo(JsonValue.of("exit-handler-1"));
    assertThat(((JsonValue.Str) status.get("pipelineJobResourceName")).value())
        .as("the pipeline name and a suffix, as a Kubeflow workflow name")
        .matches(java.util.regex.Pattern.quote(run.run().pipelineName()) + "-[0-9a-f]{5}");
    assertThat(task(run, "never-runs").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(out(run, "listen", "Output")).isEqualTo(JsonValue.of("hello"));
  }

  @Test
  void after_a_failure_the_exit_handler_and_ignore_upstream_failure_tasks_still_run()
      throws Exception {
    RunView run = engine.run("exit_handler.yaml", Map.of("fail", JsonValue.of(true)));
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
    assertThat(run.run().error()).hasValueSatisfying(e -> assertThat(e).contains("exit code 3"));
    assertThat(task(run, "exit-handler-1/work").state()).isEqualTo(TaskState.FAILED);
    assertThat(task(run, "exit-handler-1").state()).isEqualTo(TaskState.FAILED);
    JsonValue.Obj status = (JsonValue.Obj) out(run, "report", "Output");
    assertThat(status.get("state")).isEqualTo(JsonValue.of("FAILED"));
    assertThat(((JsonValue.Obj) status.get("error")).get("message").toJson())
        .contains("exit code 3");
    assertThat(task(run, "cleanup").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(out(run, "listen", "Output"))
        .as("an input fed by a failed task takes its default (ignore_upstream_failure)")
        .isEqualTo(JsonValue.of("fallback"));
    assertThat(run.task("never-runs")).as("not started after its upstream failed").isEmpty();
    assertThat(engine.log(run, "work2", 1)).contains("working", "boom");
  }

  @Test
  void an_importer_feeds_a_nested_pipeline_whose_outputs_surface(@TempDir Path data)
      throws Exception {
    Path file = data.resolve("input.txt");
    Files.writeString(file, "DATA");
    RunView run =
        engine.run("nested_importer.yaml", Map.of("source", JsonValue.of(file.toString())));
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(task(run, "importer").outputs().artifacts().get("artifact").getFirst().uri())
        .isEqualTo(file.toUri().toString());
    assertThat(task(run, "importer").attempts()).isEmpty();
    assertThat(out(run, "inner", "Output")).isEqualTo(JsonValue.of("got:DATA"));
    assertThat(out(run, "show", "Output")).isEqualTo(JsonValue.of("got:DATA+DATA"));
  }

  @Test
  void an_unusable_artifacts_folder_fails_the_step_with_the_path_and_the_reason(@TempDir Path own)
      throws Exception {
    // A file where the artifacts folder should be: unusable even for root, who ignores modes.
    Files.writeString(own.resolve("artifacts"), "in the way");
    try (EngineHarness blocked = new EngineHarness(own)) {
      RunView run = blocked.run("params_artifacts.yaml", Map.of());
      assertThat(run.run().state()).isEqualTo(RunState.FAILED);
      assertThat(task(run, "produce").error())
          .hasValueSatisfying(
              m ->
                  assertThat(m)
                      .contains("cannot create the step's folders")
                      .contains(own.resolve("artifacts").toString())
                      .containsPattern(": [a-zA-Z(]"));
    }
  }

  @Test
  void an_s3_importer_fails_the_run_with_a_clear_message() throws Exception {
    RunView run =
        engine.run("nested_importer.yaml", Map.of("source", JsonValue.of("s3://bucket/key")));
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
    assertThat(task(run, "importer").error())
        .hasValueSatisfying(m -> assertThat(m).contains("s3:// URIs need an S3 artifact store"));
  }

  @Test
  void retries_cache_hits_and_the_no_cache_switch(@TempDir Path dir) throws Exception {
    Map<String, JsonValue> params = Map.of("dir", JsonValue.of(dir.toString()));
    RunView first = engine.run("retry_cache.yaml", params);
    assertThat(first.run().state()).as(first.toString()).isEqualTo(RunState.SUCCEEDED);
    TaskRun flaky = task(first, "flaky");
    assertThat(flaky.attempts())
        .extracting(Attempt::state)
        .containsExactly(AttemptState.FAILED, AttemptState.FAILED, AttemptState.SUCCEEDED);
    assertThat(engine.log(first, "flaky", 2)).contains("attempt 2").doesNotContain("attempt 1");
    assertThat(flaky.outputs().parameters().get("Output")).isEqualTo(JsonValue.of(3));
    assertThat(flaky.cached()).isFalse();

    RunView second = engine.run("retry_cache.yaml", params);
    assertThat(task(second, "flaky").cached()).isTrue();
    assertThat(task(second, "flaky").state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(task(second, "flaky").attempts()).isEmpty();
    assertThat(out(second, "flaky", "Output")).isEqualTo(JsonValue.of(3));
    assertThat(task(second, "counted").cached()).isTrue();
    assertThat(task(second, "uncached").cached()).isFalse();
    assertThat(Files.readAllLines(dir.resolve("counted"))).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("uncached"))).hasSize(2);

    RunView third = engine.run("retry_cache.yaml", params, RunOptions.DEFAULT.withCache(false));
    assertThat(task(third, "counted").cached()).isFalse();
    assertThat(Files.readAllLines(dir.resolve("counted"))).hasSize(2);
    assertThat(task(third, "flaky").attempts()).hasSize(1);
  }

  /**
   * Each step writes the length of its input (start, 5, 1, 1, 1): s3 has the inputs s2 ran with a
   * moment before, so it is a cache hit of s2 in the same run, before s2 is written; s4 is one too.
   */
  private static final String LENGTH_CHAIN =
      """
      components:
        comp-step:
          executorLabel: exec-step
          inputDefinitions: {parameters: {x: {parameterType: STRING}}}
          outputDefinitions: {parameters: {Output: {parameterType: STRING}}}
      deploymentSpec:
        executors:
          exec-step:
            container:
              image: alpine
              command: [sh, -c, 'printf "%s" "${#0}" > "$1"', '{{$.inputs.parameters[''x'']}}', '{{$.outputs.parameters[''Output''].output_file}}']
      pipelineInfo: {name: length-chain}
      root:
        dag:
          tasks:
            s0: {componentRef: {name: comp-step}, cachingOptions: {enableCache: true}, taskInfo: {name: s0}, inputs: {parameters: {x: {runtimeValue: {constant: start}}}}}
            s1: {componentRef: {name: comp-step}, cachingOptions: {enableCache: true}, taskInfo: {name: s1}, dependentTasks: [s0], inputs: {parameters: {x: {taskOutputParameter: {producerTask: s0, outputParameterKey: Output}}}}}
            s2: {componentRef: {name: comp-step}, cachingOptions: {enableCache: true}, taskInfo: {name: s2}, dependentTasks: [s1], inputs: {parameters: {x: {taskOutputParameter: {producerTask: s1, outputParameterKey: Output}}}}}
            s3: {componentRef: {name: comp-step}, cachingOptions: {enableCache: true}, taskInfo: {name: s3}, dependentTasks: [s2], inputs: {parameters: {x: {taskOutputParameter: {producerTask: s2, outputParameterKey: Output}}}}}
            s4: {componentRef: {name: comp-step}, cachingOptions: {enableCache: true}, taskInfo: {name: s4}, dependentTasks: [s3], inputs: {parameters: {x: {taskOutputParameter: {producerTask: s3, outputParameterKey: Output}}}}}
      schemaVersion: 2.1.0
      sdkVersion: kfp-2.14.6
      """;

  @Test
  void a_step_with_the_inputs_of_an_earlier_step_of_its_run_is_a_cache_hit() throws Exception {
    String id =
        engine.runs.submit(
            LENGTH_CHAIN, "length-chain.yaml", Map.of(), RunOptions.DEFAULT.withCache(true));
    RunView run = engine.runs.await(id, java.time.Duration.ofSeconds(30));
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(List.of("s0", "s1", "s2", "s3", "s4"))
        .extracting(path -> task(run, path).cached())
        .containsExactly(false, false, false, true, true);
    assertThat(task(run, "s3").attempts()).isEmpty();
    assertThat(out(run, "s4", "Output")).isEqualTo(JsonValue.of("1"));

    // The next run hits the store's cache entries: s0..s2 from the run before, s3 and s4 too.
    String again =
        engine.runs.submit(
            LENGTH_CHAIN, "length-chain.yaml", Map.of(), RunOptions.DEFAULT.withCache(true));
    RunView second = engine.runs.await(again, java.time.Duration.ofSeconds(30));
    assertThat(second.tasks()).hasSize(5).allSatisfy(t -> assertThat(t.cached()).isTrue());
    assertThat(out(second, "s4", "Output")).isEqualTo(JsonValue.of("1"));
  }

  @Test
  void cancel_kills_running_steps_and_the_run_ends_canceled(@TempDir Path dir) throws Exception {
    String id =
        engine.runs.submit(
            EngineHarness.fixture("crash.yaml"),
            "crash.yaml",
            Map.of("dir", JsonValue.of(dir.toString()), "seconds", JsonValue.of(30)),
            RunOptions.DEFAULT.withCache(false));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(dir.resolve("b.started")) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(engine.runs.cancel(id)).isTrue();
    RunView run = engine.runs.await(id, java.time.Duration.ofSeconds(20));
    assertThat(run.run().state()).isEqualTo(RunState.CANCELED);
    assertThat(task(run, "b").state()).isEqualTo(TaskState.CANCELED);
    assertThat(run.task("e")).isEmpty();
    assertThat(engine.runs.cancel(id)).as("already finished").isFalse();

    // The canceled step's attempt keeps the executor's handle (the API shows it as "handle").
    assertThat(task(run, "b").attempts())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.handle()).isPresent());
    assertThat(engine.log(run, "a", 1)).isNotNull();
    assertThat(engine.runs.list(null, 100)).extracting(r -> r.id()).contains(id);
  }

  @Test
  void the_sdk_compiled_hello_world_runs_end_to_end() throws Exception {
    Path shared = SharedDir.path().resolve("kfp-testdata/sdk_compiled_pipelines/valid");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(shared), "kfp-testdata not found at " + shared + "; skipping");
    for (String file : List.of("hello_world.yaml")) {
      Path p = shared.resolve(file);
      if (!Files.exists(p)) {
        continue;
      }
      String id =
          engine.runs.submit(
              Files.readString(p), file, Map.of(), RunOptions.DEFAULT.withCache(false));
      RunView run = engine.runs.await(id, java.time.Duration.ofSeconds(30));
      assertThat(run.run().state()).as(file + ": " + run).isEqualTo(RunState.SUCCEEDED);
      assertThat(engine.log(run, "echo", 1)).contains("hello world");
    }
  }
}
