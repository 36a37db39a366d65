package dev.skiff.pipeline;

import static dev.skiff.pipeline.SpecBuilder.loopTask;
import static dev.skiff.pipeline.SpecBuilder.namedTask;
import static dev.skiff.pipeline.SpecBuilder.obj;
import static dev.skiff.pipeline.SpecBuilder.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.InputParameterSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelines built to hurt: components that contain themselves, DAGs nested past the limit, names
 * that are paths or too long for the store, files past the size limit, and a 50 MB file. Each is
 * refused with a {@link PipelineException} naming the field, or parsed correctly; never a stack
 * overflow, a hang or a truncation. Small cases with line numbers are fixtures under {@code
 * pipelines/invalid/} ({@link FixturesTest}).
 */
class HostileInputsTest {

  private static PipelineException refused(String text) {
    PipelineException e =
        catchThrowableOfType(PipelineException.class, () -> PipelineParser.parse(text, "h.json"));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).doesNotContain("\n");
    return e;
  }

  private static String messages(PipelineException e) {
    return String.join(
        " | ", e.problems().stream().map(p -> p.path() + ": " + p.message()).toList());
  }

  /** root → comp-1 → … → comp-n → comp-leaf, each level a plain DAG task. */
  private static SpecBuilder chain(int n) {
    SpecBuilder b = new SpecBuilder().rootTask("t", task(n == 0 ? "comp-leaf" : "comp-1"));
    for (int i = 1; i <= n; i++) {
      b.dagComponent("comp-" + i, Map.of("t", task(i == n ? "comp-leaf" : "comp-" + (i + 1))));
    }
    return b;
  }

  @Test
  void a_component_that_runs_itself_through_5000_others_is_refused() {
    SpecBuilder b = new SpecBuilder().rootTask("t", task("comp-1"));
    for (int i = 1; i <= 5000; i++) {
      b.dagComponent("comp-" + i, Map.of("t", task(i == 5000 ? "comp-1" : "comp-" + (i + 1))));
    }
    PipelineException e = refused(b.json());
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().getFirst().path()).isEqualTo("components.comp-5000.dag.tasks.t");
    assertThat(e.problems().getFirst().message())
        .startsWith("component 'comp-1' contains itself ('comp-1' → task 't' runs 'comp-2' →")
        .contains("more)")
        .endsWith("task 't' runs 'comp-1'): a component cannot run inside itself");
  }

  @Test
  void dags_nest_at_most_64_levels_deep() throws Exception {
    assertThat(PipelineParser.parse(chain(63).json(), "ok.json").spec().components()).hasSize(64);
    PipelineException e = refused(chain(64).json());
    assertThat(messages(e))
        .isEqualTo(
            "root.dag: DAGs nest 65 levels deep (root → comp-1 → comp-2 → comp-3 → comp-4 → … (55"
                + " more) → comp-60 → comp-61 → comp-62 → comp-63 → comp-64); the limit is 64");
  }

  @Test
  void a_chain_of_20000_nested_dags_is_refused_without_overflowing_the_stack() {
    assertThat(messages(refused(chain(20_000).json()))).contains("DAGs nest 20001 levels deep");
  }

  @Test
  void the_longest_task_path_must_fit_the_stores_1024_characters() throws Exception {
    // root loop → 4 nested loops → a container: each loop adds its name, '/', an index, '/'
    PipelineException e = refused(nestedLoops(180).json());
    assertThat(e.problems()).hasSize(1);
    Problem p = e.problems().getFirst();
    assertThat(p.path()).startsWith("root.dag.tasks.llllllll").endsWith("(180 characters)");
    assertThat(p.message())
        .startsWith("the path of a task can be 1140 characters long (")
        .contains("…(180 characters)/<index>/")
        .endsWith(
            ", counting 10 for each loop <index>); the store holds 1024: use shorter task names"
                + " or nest less");
    // 5 × (150 + 12) + 150 = 960
    assertThat(PipelineParser.parse(nestedLoops(150).json(), "ok.json").name())
        .isEqualTo("hostile");
  }

  private static SpecBuilder nestedLoops(int nameLength) {
    String key = "l".repeat(nameLength);
    SpecBuilder b = new SpecBuilder().rootTask(key, loopTask("comp-1"));
    for (int i = 1; i <= 5; i++) {
      b.dagComponent(
          "comp-" + i, Map.of(key, i == 5 ? task("comp-leaf") : loopTask("comp-" + (i + 1))));
    }
    return b;
  }

  @Test
  void names_that_are_paths_or_too_long_are_refused_naming_the_field() {
    String longKey = "é".repeat(128); // 128 characters, 256 bytes
    SpecBuilder b =
        new SpecBuilder()
            .name("p".repeat(256))
            .displayName("d".repeat(256))
            .rootTask("a/b", task("comp-leaf"))
            .rootTask("..", task("comp-leaf"))
            .rootTask(longKey, task("comp-leaf"))
            .rootTask("tab\tname", task("comp-leaf"))
            .rootTask("ok", namedTask("comp-leaf", "n".repeat(256)))
            .component(
                "comp-x/y",
                obj(
                    "executorLabel",
                    JsonValue.of("exec-leaf"),
                    "outputDefinitions",
                    obj(
                        "artifacts",
                        obj("../../x", obj("artifactType", obj("schemaTitle", JsonValue.of("a")))),
                        "parameters",
                        obj("", obj("parameterType", JsonValue.of("STRING"))))));
    String all = messages(refused(b.json()));
    assertThat(all)
        .contains(
            "pipelineInfo.name: pipeline name 'pppppppppppppppppppppppppppppppppppppppp…(256"
                + " characters)' is 256 characters long; the limit is 255")
        .contains("pipelineInfo.displayName: display name 'dddd")
        .contains(
            "root.dag.tasks.a/b: task name 'a/b' contains '/', which is not allowed: it is used as"
                + " a file or folder name")
        .contains(
            "root.dag.tasks...: task name '..' is not allowed: it is used as a file or folder name")
        .contains("is 256 bytes long; the limit is 255 (it is used as a file or folder name)")
        .contains(
            "task name 'tab?name' contains a control character (U+0009), which is not allowed")
        .contains("root.dag.tasks.ok.taskInfo.name: task display name 'nnnn")
        .contains("component name 'comp-x/y' contains '/'")
        .contains(
            "components.comp-x/y.outputDefinitions.artifacts.../../x: output artifact key '../../x'"
                + " contains '/'")
        .contains(
            "components.comp-x/y.outputDefinitions.parameters.: output parameter key is empty");
  }

  @Test
  void names_at_the_limits_are_accepted() throws Exception {
    String key = "é".repeat(127) + "k"; // 255 bytes
    Pipeline p =
        PipelineParser.parse(
            new SpecBuilder()
                .name("p".repeat(255))
                .displayName("d".repeat(255))
                .rootTask(key, namedTask("comp-leaf", "🙂".repeat(255)))
                .rootTask("with space and .dots.", task("comp-leaf"))
                .json(),
            "ok.json");
    assertThat(p.spec().root().dag().orElseThrow().tasks()).containsKey(key);
  }

  @Test
  void text_over_the_default_limit_is_refused_before_parsing() {
    String text = "# " + "x".repeat(33 * 1024 * 1024) + "\n";
    PipelineException e = refused(text);
    assertThat(e.getMessage())
        .isEqualTo(
            "h.json: pipeline file is 33.0 MiB; the limit is 32 MiB (keep large data out of the"
                + " pipeline: pass it as a run parameter or an artifact; the program reading the"
                + " pipeline sets the limit)");
  }

  @Test
  void a_caller_sets_the_limit_and_says_how_to_raise_it(@TempDir Path dir) throws Exception {
    ParseLimits limits = new ParseLimits(300, "raise it with --max-pipeline-size");
    String text = new SpecBuilder().rootTask("t", task("comp-leaf")).json();
    assertThat(text.length()).isGreaterThan(300);

    PipelineException fromText =
        catchThrowableOfType(
            PipelineException.class, () -> PipelineParser.parse(text, "p.json", limits));
    assertThat(fromText.getMessage())
        .startsWith("p.json: pipeline file is ")
        .endsWith(" bytes; the limit is 300 bytes (raise it with --max-pipeline-size)");

    PipelineException fromStream =
        catchThrowableOfType(
            PipelineException.class,
            () ->
                PipelineParser.parse(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    "p.json",
                    limits));
    assertThat(fromStream.getMessage())
        .isEqualTo(
            "p.json: pipeline file is more than 300 bytes; the limit is 300 bytes (raise it"
                + " with --max-pipeline-size)");

    Path file = Files.writeString(dir.resolve("p.json"), text);
    PipelineException fromFile =
        catchThrowableOfType(PipelineException.class, () -> PipelineParser.parse(file, limits));
    assertThat(fromFile.getMessage()).isEqualTo(fromText.getMessage());

    assertThat(PipelineParser.parse(file, ParseLimits.ofMaxBytes(text.length())).name())
        .isEqualTo("hostile");
  }

  @Test
  void a_50_mb_pipeline_with_one_huge_string_parses_with_a_raised_limit() throws Exception {
    // One token of 50 MB on one line: SnakeYAML's own reader took time quadratic in its length.
    String big = "A".repeat(50 * 1000 * 1000);
    String text =
        FixturesTestData.twoSteps()
            .replace(
                "        text:\n          parameterType: STRING",
                "        text:\n          defaultValue: "
                    + big
                    + "\n          parameterType: STRING");
    Pipeline p = PipelineParser.parse(text, "big.yaml", ParseLimits.ofMaxBytes(64L << 20));
    InputParameterSpec text0 =
        p.spec()
            .component("comp-consume")
            .orElseThrow()
            .inputDefinitions()
            .parameters()
            .get("text");
    assertThat(text0.defaultValue()).contains(JsonValue.of(big));
    Pipeline small = PipelineParser.parse(withDefault("A"), "small.yaml");
    assertThat(p.sourceMap().lineOf("pipelineInfo.name"))
        .isEqualTo(small.sourceMap().lineOf("pipelineInfo.name"))
        .isGreaterThan(40);
  }

  /** two_steps.yaml with a plain-scalar default for {@code comp-consume}'s input {@code text}. */
  private static String withDefault(String value) {
    return FixturesTestData.twoSteps()
        .replace(
            "        text:\n          parameterType: STRING",
            "        text:\n          defaultValue: "
                + value
                + "\n          parameterType: STRING");
  }
}
