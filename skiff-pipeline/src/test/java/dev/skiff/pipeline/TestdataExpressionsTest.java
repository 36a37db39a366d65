package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.expr.ConditionEvaluator;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import dev.skiff.pipeline.placeholder.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runtime helpers against everything the KFP SDK compiled into {@code kfp-testdata}: every {@code
 * triggerPolicy.condition} evaluates to a boolean, and every container command line expands, when
 * the inputs hold values of their declared types.
 */
class TestdataExpressionsTest {

  @TestFactory
  Stream<DynamicTest> every_compiled_condition_evaluates() throws Exception {
    if (!SharedTestData.present()) {
      return SharedTestData.skippedTests();
    }
    Path root = SharedTestData.sdkCompiledPipelines();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : yamlFiles(root.resolve("valid"))) {
      Pipeline p = PipelineParser.parse(f);
      List<DagSpec> dags = new ArrayList<>();
      p.spec().root().dag().ifPresent(dags::add);
      p.spec().components().values().forEach(c -> c.dag().ifPresent(dags::add));
      for (DagSpec dag : dags) {
        for (PipelineTask task : dag.tasks().values()) {
          task.triggerPolicy()
              .flatMap(t -> t.condition())
              .ifPresent(
                  condition ->
                      tests.add(
                          DynamicTest.dynamicTest(
                              root.relativize(f) + " " + task.key(),
                              () -> {
                                ComponentSpec c =
                                    p.spec().component(task.componentRef()).orElseThrow();
                                ExecutorInput in = sampleInputs(c);
                                boolean result = ConditionEvaluator.evaluate(condition, in);
                                assertThat(result).isIn(true, false);
                              })));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThan(40);
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> every_compiled_command_line_expands() throws Exception {
    if (!SharedTestData.present()) {
      return SharedTestData.skippedTests();
    }
    Path root = SharedTestData.sdkCompiledPipelines();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : yamlFiles(root.resolve("valid"))) {
      Pipeline p = PipelineParser.parse(f);
      p.spec()
          .components()
          .forEach(
              (name, component) -> {
                if (p.spec().executorOf(component).orElse(null) instanceof ContainerSpec c) {
                  tests.add(
                      DynamicTest.dynamicTest(
                          root.relativize(f) + " " + name,
                          () -> {
                            ExecutorInput in = withArtifacts(sampleInputs(component), component);
                            PlaceholderResolver r =
                                new PlaceholderResolver(
                                    in, RunInfo.of("job", "uuid", "task", "tuuid", "gs://root"));
                            List<String> line = new ArrayList<>(r.expandAll(c.command()));
                            line.addAll(r.expandAll(c.args()));
                            for (String arg : line) {
                              assertThat(arg)
                                  .doesNotContainPattern(
                                      "\\{\\{\\$\\.(inputs\\.parameters|outputs|inputs\\.artifacts\\['[^']*'\\]\\.)");
                            }
                          }));
                }
              });
    }
    assertThat(tests).hasSizeGreaterThan(300);
    return tests.stream();
  }

  private static ExecutorInput withArtifacts(ExecutorInput in, ComponentSpec c) {
    Map<String, List<RuntimeArtifact>> inputs = new LinkedHashMap<>();
    c.inputDefinitions()
        .artifacts()
        .forEach(
            (k, v) -> inputs.put(k, List.of(RuntimeArtifact.of("1", v.type(), "gs://b/in/" + k))));
    Map<String, List<RuntimeArtifact>> outputs = new LinkedHashMap<>();
    c.outputDefinitions()
        .artifacts()
        .forEach(
            (k, v) -> outputs.put(k, List.of(RuntimeArtifact.of(k, v.type(), "gs://b/out/" + k))));
    Map<String, String> files = new LinkedHashMap<>();
    c.outputDefinitions().parameters().keySet().forEach(k -> files.put(k, "/tmp/kfp/outputs/" + k));
    return new ExecutorInput(
        new ExecutorInput.Inputs(in.inputs().parameterValues(), inputs),
        new ExecutorInput.Outputs(files, outputs, "/tmp/kfp/outputs/output_metadata.json"));
  }

  private static ExecutorInput sampleInputs(ComponentSpec component) {
    Map<String, JsonValue> values = new LinkedHashMap<>();
    for (Map.Entry<String, InputParameterSpec> e :
        component.inputDefinitions().parameters().entrySet()) {
      values.put(
          e.getKey(),
          switch (e.getValue().type()) {
            case NUMBER_INTEGER -> JsonValue.of(3);
            case NUMBER_DOUBLE -> JsonValue.of(0.5);
            case BOOLEAN -> JsonValue.of(true);
            case LIST -> JsonValue.parse("[1]");
            case STRUCT, TASK_FINAL_STATUS, TASK_CONFIG -> JsonValue.parse("{\"a\": 1}");
            default -> JsonValue.of("heads");
          });
    }
    return new ExecutorInput(
        new ExecutorInput.Inputs(values, Map.of()),
        new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
