package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactSource;
import dev.skiff.pipeline.model.CachingOptions;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.ImporterSpec;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.RetryPolicy;
import dev.skiff.pipeline.model.TaskIterator;
import dev.skiff.pipeline.model.TriggerStrategy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineParserTest {

  private static Pipeline fixture(String name) throws Exception {
    return PipelineParser.parse(fixturePath(name));
  }

  private static Path fixturePath(String name) throws Exception {
    return Path.of(PipelineParserTest.class.getResource("/pipelines/valid/" + name).toURI());
  }

  @Test
  void reads_tasks_inputs_and_policies() throws Exception {
    Pipeline p = fixture("loops_conditions_exit.yaml");
    assertThat(p.name()).isEqualTo("loops-conditions-exit");
    assertThat(p.spec().pipelineInfo().displayName()).isEqualTo("Loops, conditions, exit");
    assertThat(p.spec().root().inputDefinitions().parameters().get("people").defaultValue())
        .contains(
            JsonValue.parse("[{\"name\":\"ada\",\"times\":2},{\"name\":\"bob\",\"times\":0}]"));

    PipelineTask report = p.spec().root().dag().orElseThrow().tasks().get("report");
    assertThat(report.strategy()).isEqualTo(TriggerStrategy.ALL_UPSTREAM_TASKS_COMPLETED);
    assertThat(report.cachingOptions()).isEqualTo(CachingOptions.DISABLED);
    assertThat(report.parameters().get("status").source())
        .isEqualTo(new ParameterSource.TaskFinalStatus("exit-handler-1"));

    PipelineTask loop = dagOf(p, "comp-exit-handler-1").tasks().get("for-loop-2");
    assertThat(loop.iterator())
        .contains(
            new TaskIterator.ParameterIterator(
                new TaskIterator.InputParameter("pipelinechannel--people"),
                "pipelinechannel--people-loop-item",
                2));

    PipelineTask condition = dagOf(p, "comp-for-loop-2").tasks().get("condition-3");
    assertThat(condition.triggerPolicy().orElseThrow().condition())
        .contains("int(inputs.parameter_values['pipelinechannel--item-times']) > 0");
    assertThat(
            condition.parameters().get("pipelinechannel--item-name").parameterExpressionSelector())
        .contains("parseJson(string_value)[\"name\"]");

    PipelineTask greet = dagOf(p, "comp-condition-3").tasks().get("greet");
    assertThat(greet.retryPolicy())
        .contains(new RetryPolicy(2, Duration.ofMillis(1500), 3.0, Duration.ofSeconds(60)));
    assertThat(greet.cachingOptions().enableCache()).isTrue();
  }

  @Test
  void reads_container_resources_and_merges_platform_documents() throws Exception {
    Pipeline p = fixture("loops_conditions_exit.yaml");
    ContainerSpec greet = (ContainerSpec) p.spec().executors().get("exec-greet");
    assertThat(greet.image()).isEqualTo("alpine:3.20");
    assertThat(greet.resources().effectiveCpuLimit()).contains("500m");
    assertThat(greet.resources().effectiveMemoryLimit()).contains("1G");
    assertThat(greet.resources().accelerator().orElseThrow().effectiveType())
        .isEqualTo("nvidia.com/gpu");
    assertThat(greet.resources().accelerator().orElseThrow().effectiveCount()).isEqualTo("1");
    JsonValue executors =
        p.platformSpec().get("platforms") instanceof JsonValue.Obj platforms
                && platforms.get("kubernetes") instanceof JsonValue.Obj k8s
                && k8s.get("deploymentSpec") instanceof JsonValue.Obj d
            ? d.get("executors")
            : null;
    assertThat(((JsonValue.Obj) executors).fields()).containsOnlyKeys("exec-greet", "exec-report");
  }

  @Test
  void reads_legacy_spellings() throws Exception {
    Pipeline p = fixture("legacy_fields.yaml");
    ComponentSpec train = p.spec().components().get("comp-train");
    assertThat(train.executorLabel()).contains("exec-train");
    assertThat(train.inputDefinitions().parameters().get("epochs").type())
        .isEqualTo(ParameterType.NUMBER_INTEGER);
    assertThat(train.inputDefinitions().parameters().get("rate").type())
        .isEqualTo(ParameterType.NUMBER_DOUBLE);
    PipelineTask task = p.spec().root().dag().orElseThrow().tasks().get("train");
    assertThat(task.parameters().get("epochs").source())
        .isEqualTo(new ParameterSource.Constant(JsonValue.of(5)));
    assertThat(task.artifacts().get("data"))
        .isEqualTo(new ArtifactSource.TaskOutputArtifact("importer", "artifact"));
    assertThat(task.dependentTasks()).containsExactly("importer");
    assertThat(
            p.spec()
                .root()
                .dag()
                .orElseThrow()
                .tasks()
                .get("importer")
                .parameters()
                .get("uri")
                .source())
        .isEqualTo(new ParameterSource.RuntimeParameter("dataset_uri"));

    ContainerSpec c = (ContainerSpec) p.spec().executors().get("exec-train");
    assertThat(c.env()).containsExactly(new ContainerSpec.EnvVar("MODE", "fast"));
    assertThat(c.resources().effectiveCpuLimit()).contains("2");
    assertThat(c.resources().effectiveMemoryLimit()).contains("4.5G");
    assertThat(c.resources().accelerator().orElseThrow().effectiveCount()).isEqualTo("2");
    assertThat(c.resources().accelerator().orElseThrow().effectiveType())
        .isEqualTo("NVIDIA_TESLA_T4");

    ImporterSpec importer = (ImporterSpec) p.spec().executors().get("exec-importer");
    assertThat(importer.artifactUri()).isEqualTo(new ImporterSpec.UriParameter("uri"));
    assertThat(importer.reimport()).isTrue();
    assertThat(importer.typeSchema().schemaTitle()).isEqualTo("system.Dataset");
  }

  @Test
  void accepts_the_rest_shape_with_lines_relative_to_the_file() throws Exception {
    Pipeline p = fixture("rest_shape.json");
    assertThat(p.name()).isEqualTo("rest-shape");
    assertThat(p.platformSpec().fields()).containsKey("platforms");
    // Lines still point into the file: "pipelineInfo" sits on some line below the wrapper.
    assertThat(p.sourceMap().lineOf("pipelineInfo.name")).isGreaterThan(2);
  }

  @Test
  void a_yaml_that_is_not_a_pipeline_says_so() {
    PipelineException e = reject("a: 1\n", "x.yaml");
    assertThat(e.getMessage())
        .isEqualTo(
            "x.yaml:1: not a KFP pipeline: missing pipelineInfo, root, components, deploymentSpec (found keys a)");
  }

  @Test
  void a_list_document_is_not_a_pipeline() {
    assertThat(reject("- a\n- b\n", "x.yaml").getMessage())
        .isEqualTo("x.yaml:1: not a KFP pipeline: the first document is a list, not a mapping");
  }

  @Test
  void an_empty_text_has_no_document() {
    assertThat(reject("", "e.yaml").getMessage())
        .isEqualTo("e.yaml: file has no pipeline document");
    assertThat(reject("---\n---\n", "e.yaml").getMessage())
        .isEqualTo("e.yaml: file has no pipeline document");
  }

  @Test
  void malformed_yaml_is_one_problem_with_its_line() {
    PipelineException e = reject("pipelineInfo:\n  name: 'x\nroot: {}\n", "m.yaml");
    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().getFirst().line()).isEqualTo(2);
    assertThat(e.getMessage())
        .startsWith("m.yaml:2: malformed YAML: while scanning a quoted scalar");
  }

  @Test
  void the_message_is_one_line_with_a_count_of_the_rest() throws Exception {
    String text =
        """
        pipelineInfo:
          name: p
        root:
          dag:
            tasks:
              a:
                componentRef:
                  name: comp-x
                taskInfo:
                  name: a
              b:
                componentRef:
                  name: comp-y
                taskInfo:
                  name: b
        """;
    PipelineException e = reject(text, "file.yaml");
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage())
        .isEqualTo("file.yaml:8: root.dag.tasks.a: unknown component 'comp-x' (+1 more)");
    assertThat(e.problems().get(1))
        .isEqualTo(new Problem("root.dag.tasks.b", 13, "unknown component 'comp-y'"));
  }

  @Test
  void line_breaks_in_values_do_not_break_the_one_line_message() {
    String text =
        """
        components:
          comp-a:
            executorLabel: exec-a
            inputDefinitions:
              parameters:
                n: {parameterType: NUMBER_INTEGER}
        deploymentSpec:
          executors:
            exec-a: {container: {image: alpine}}
        pipelineInfo: {name: p}
        root:
          dag:
            tasks:
              a:
                componentRef: {name: comp-a}
                inputs:
                  parameters:
                    n: {runtimeValue: {constant: "one\\ntwo"}}
        """;
    assertThat(reject(text, "n.yaml").getMessage())
        .isEqualTo(
            "n.yaml:18: root.dag.tasks.a.inputs.parameters.n.runtimeValue.constant: "
                + "constant expects NUMBER_INTEGER, got 'one\\ntwo'");
  }

  @Test
  void unknown_nested_fields_from_newer_sdks_are_ignored() throws Exception {
    String text =
        """
        pipelineInfo:
          name: p
          futureField: 1
        root:
          dag:
            tasks: {}
            somethingNew: {a: b}
          futureComponentField: []
        schemaVersion: 2.1.0
        """;
    assertThat(PipelineParser.parse(text, "p.yaml").name()).isEqualTo("p");
  }

  @Test
  void reads_from_a_stream() throws Exception {
    String text = "{\"pipelineInfo\": {\"name\": \"s\"}, \"root\": {\"dag\": {\"tasks\": {}}}}";
    Pipeline p =
        PipelineParser.parse(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s.json");
    assertThat(p.name()).isEqualTo("s");
    assertThat(p.spec().defaultPipelineRoot()).isEqualTo(Optional.empty());
    assertThat(p.platformSpec()).isEqualTo(JsonValue.Obj.EMPTY);
  }

  @Test
  void warns_about_an_unused_extra_input() throws Exception {
    String text =
        """
        components:
          comp-a:
            executorLabel: exec-a
        deploymentSpec:
          executors:
            exec-a:
              container: {image: alpine}
        pipelineInfo: {name: p}
        root:
          dag:
            tasks:
              a:
                componentRef: {name: comp-a}
                inputs:
                  parameters:
                    extra: {runtimeValue: {constant: 1}}
        """;
    Pipeline p = PipelineParser.parse(text, "w.yaml");
    assertThat(p.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.line()).isEqualTo(16);
              assertThat(w.message()).contains("declares no input parameter 'extra'");
            });
  }

  private static DagSpec dagOf(Pipeline p, String component) {
    return p.spec().components().get(component).dag().orElseThrow();
  }

  private static PipelineException reject(String text, String name) {
    PipelineException e =
        catchThrowableOfType(PipelineException.class, () -> PipelineParser.parse(text, name));
    assertThat(e).as("rejected").isNotNull();
    assertThat(e.sourceName()).isEqualTo(name);
    return e;
  }
}
