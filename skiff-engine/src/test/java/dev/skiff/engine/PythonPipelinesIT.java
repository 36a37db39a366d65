package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lightweight Python components, as the KFP SDK compiles them, run end to end through the engine
 * with the host's python3 (no pip, no network): testdata pipelines and bad-input fixtures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonPipelinesIT {
  /** Testdata pipelines whose components need only the standard library, with their arguments. */
  private static final Map<String, Map<String, JsonValue>> STDLIB = new LinkedHashMap<>();

  static {
    Map<String, JsonValue> none = Map.of();
    for (String f :
        List.of(
            "local_execution/local_execution_pipeline_with_exit_handler.yaml",
            "local_execution/local_execution_pipeline_with_oneof.yaml",
            "local_execution/pipeline_with_collected_artifacts.yaml",
            "essential/embedded_artifact.yaml",
            "essential/pipeline_with_outputs.yaml",
            "essential/pipeline_with_reused_component.yaml",
            "critical/collected_parameters.yaml",
            "critical/component_with_optional_inputs.yaml",
            "critical/if_else_with_oneof_artifacts.yaml",
            "critical/multiple_artifacts_namedtuple.yaml",
            "critical/multiple_parameters_namedtuple.yaml",
            "critical/parameter_oneof.yaml",
            "critical/pipeline_with_importer_workspace.yaml",
            "critical/pythonic_artifacts_test_pipeline.yaml",
            "output_metrics.yaml",
            "parameters_complex.yaml",
            "pythonic_artifacts_with_multiple_returns.yaml",
            "pythonic_artifacts_with_list_of_artifacts.yaml",
            "nested_return.yaml")) {
      STDLIB.put(f, none);
    }
    STDLIB.put("critical/add_numbers.yaml", Map.of("a", JsonValue.of(2), "b", JsonValue.of(40)));
    STDLIB.put(
        "essential/concat_message.yaml",
        Map.of("message1", JsonValue.of("ab"), "message2", JsonValue.of("cd")));
    STDLIB.put(
        "essential/dict_input.yaml",
        Map.of("struct", JsonValue.struct(Map.of("k", JsonValue.of("v")))));
  }

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

  private static Path testdata() {
    Path dir = SharedDir.path().resolve("kfp-testdata/sdk_compiled_pipelines/valid");
    Assumptions.assumeTrue(
        Files.isDirectory(dir),
        "kfp-testdata not found at " + dir + " (set SKIFF_SHARED_DIR): skipping");
    return dir;
  }

  private RunView runTestdata(String file, Map<String, JsonValue> params) throws Exception {
    String id =
        engine.runs.submit(
            Files.readString(testdata().resolve(file)),
            file,
            params,
            RunOptions.DEFAULT.withCache(false));
    return engine.runs.await(id, Duration.ofSeconds(90));
  }

  private static TaskRun task(RunView run, String path) {
    return run.task(path).orElseThrow(() -> new AssertionError("no task " + path + " in " + run));
  }

  private static String runtime(TaskRun t) {
    return t.attempts().getLast().runtime().orElse("");
  }

  @Test
  void testdata_pipelines_with_stdlib_components_succeed_offline() throws Exception {
    List<String> problems = new ArrayList<>();
    int steps = 0;
    for (Map.Entry<String, Map<String, JsonValue>> e : STDLIB.entrySet()) {
      RunView run = runTestdata(e.getKey(), e.getValue());
      if (run.run().state() != RunState.SUCCEEDED) {
        problems.add(e.getKey() + ": " + run.run().state() + " " + run.run().error().orElse(""));
      }
      for (TaskRun t : run.tasks()) {
        if (!t.attempts().isEmpty() && !runtime(t).equals("container")) {
          steps++;
          if (!runtime(t).startsWith("skiff-python-runtime ")
              && !runtime(t).startsWith("host kfp")) {
            problems.add(e.getKey() + "#" + t.path() + ": runtime " + runtime(t));
          }
        }
      }
    }
    System.out.println(
        "[kfp-testdata] " + STDLIB.size() + " Python pipelines, " + steps + " Python steps ran");
    assertThat(problems).isEmpty();
  }

  @Test
  void outputs_of_python_components_are_typed_values() throws Exception {
    RunView add =
        runTestdata(
            "critical/add_numbers.yaml", Map.of("a", JsonValue.of(2), "b", JsonValue.of(40)));
    assertThat(task(add, "add-numbers").outputs().parameters().get("Output"))
        .isEqualTo(JsonValue.of(42));
    RunView concat =
        runTestdata(
            "essential/concat_message.yaml",
            Map.of("message1", JsonValue.of("ab"), "message2", JsonValue.of("cd")));
    assertThat(task(concat, "concat-message").outputs().parameters().get("Output"))
        .isEqualTo(JsonValue.of("abcd"));
  }

  @Test
  void metrics_reach_the_task_outputs_as_stored() throws Exception {
    RunView run = engine.run("python/classification_metrics.yaml", Map.of());
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    // Read back from the store, as the dashboard will.
    RunView stored = engine.runs.get(run.run().id()).orElseThrow();
    var artifacts = task(stored, "step").outputs().artifacts();
    JsonValue.Obj metrics = artifacts.get("metrics").getFirst().metadata();
    assertThat(metrics.get("accuracy")).isEqualTo(JsonValue.of(0.75));
    assertThat(metrics.get("loss")).isEqualTo(JsonValue.of(0.5));
    JsonValue.Obj cm = artifacts.get("cm").getFirst().metadata();
    assertThat(cm.get("confusionMatrix").toJson()).contains("\"cat\"").contains("[3,1]");
    assertThat(cm.get("confidenceMetrics").toJson()).contains("\"recall\":0.8");

    RunView testdataRun = runTestdata("output_metrics.yaml", Map.of());
    assertThat(
            task(testdataRun, "output-metrics")
                .outputs()
                .artifacts()
                .get("metrics")
                .getFirst()
                .metadata()
                .get("accuracy"))
        .isInstanceOf(JsonValue.Num.class);
    assertThat(task(testdataRun, "output-metrics").lastAttempt().orElseThrow().runtime())
        .hasValueSatisfying(r -> assertThat(r).startsWith("skiff-python-runtime "));
  }

  @Test
  void a_function_that_raises_fails_the_step_with_its_traceback_in_the_log() throws Exception {
    RunView run = engine.run("python/raises.yaml", Map.of());
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
    TaskRun step = task(run, "step");
    assertThat(step.state()).isEqualTo(TaskState.FAILED);
    assertThat(step.attempts().getLast().exitCode()).contains(1);
    assertThat(engine.log(run, "step", step.attempts().getLast().number()))
        .contains("about to fail")
        .contains("Traceback (most recent call last)")
        .contains("ValueError: bad value 7");
  }

  @Test
  void a_parameter_of_the_wrong_type_fails_with_an_executor_error() throws Exception {
    RunView run = engine.run("python/wrong_type.yaml", Map.of());
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
    TaskRun step = task(run, "step");
    assertThat(step.attempts().getLast().exitCode()).contains(2);
    assertThat(engine.log(run, "step", step.attempts().getLast().number()))
        .contains("KFP executor error");
  }

  @Test
  void a_missing_output_fails_the_step() throws Exception {
    RunView run = engine.run("python/missing_output.yaml", Map.of());
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
    assertThat(task(run, "step").state()).isEqualTo(TaskState.FAILED);
    assertThat(task(run, "step").outputs().parameters()).isEmpty();
  }

  @Test
  void an_executor_output_that_is_not_json_fails_the_step() throws Exception {
    RunView run = engine.run("python/bad_executor_output.yaml", Map.of());
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
    assertThat(task(run, "step").attempts().getLast().message().orElse(""))
        .contains("not valid JSON");
  }

  @Test
  void a_missing_package_without_an_index_fails_at_once_naming_it() throws Exception {
    RunView run = runTestdata("essential/component_with_pip_install.yaml", Map.of());
    TaskRun step = task(run, "component-with-pip-install");
    Assumptions.assumeTrue(
        step.state() == TaskState.FAILED, "yapf is installed on this host: nothing to refuse");
    assertThat(step.attempts())
        .as("one attempt, refused before any process started, and not retried")
        .singleElement()
        .satisfies(a -> assertThat(a.handle()).isEmpty());
    assertThat(step.error().orElse("")).contains("yapf").contains("SKIFF_PIP_INDEX_URL");
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
  }

  @Test
  void pandas_and_sklearn_pipelines_run_when_the_host_has_them() throws Exception {
    RunView run = runTestdata("essential/iris_pipeline_compiled.yaml", Map.of());
    String error = run.run().error().orElse("");
    Assumptions.assumeFalse(
        error.contains("not importable"),
        "pandas/scikit-learn are not importable by the host's python3 (install python3-pandas"
            + " python3-sklearn): "
            + error);
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(task(run, "train-model").outputs().artifacts()).containsKey("model");
  }
}
