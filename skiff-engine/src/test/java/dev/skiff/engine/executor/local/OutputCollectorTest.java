package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.StepResult;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCollectorTest {

  @TempDir Path dir;

  private static final Duration TOOK = Duration.ofMillis(5);

  private Map<String, OutputParameterSpec> declared(Object... nameType) {
    Map<String, OutputParameterSpec> out = new LinkedHashMap<>();
    for (int i = 0; i < nameType.length; i += 2) {
      out.put((String) nameType[i], new OutputParameterSpec((ParameterType) nameType[i + 1], ""));
    }
    return out;
  }

  private ExecutorInput input(Map<String, OutputParameterSpec> params, String... artifacts) {
    Map<String, String> files = new LinkedHashMap<>();
    params.keySet().forEach(n -> files.put(n, dir.resolve("outputs").resolve(n).toString()));
    Map<String, List<RuntimeArtifact>> arts = new LinkedHashMap<>();
    for (String a : artifacts) {
      arts.put(
          a,
          List.of(
              new RuntimeArtifact(
                  a,
                  ArtifactType.of("system.Model", "0.0.1"),
                  dir.resolve("artifacts").resolve(a).toUri().toString(),
                  JsonValue.struct(Map.of("planned", JsonValue.of(true))),
                  Optional.empty())));
    }
    return new ExecutorInput(
        new ExecutorInput.Inputs(Map.of(), Map.of()),
        new ExecutorInput.Outputs(files, arts, dir.resolve("executor_output.json").toString()));
  }

  private void write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private void copyResource(String name, String relative) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/executor/" + name)) {
      write(relative, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void reads_every_type_from_its_output_file() throws IOException {
    Map<String, OutputParameterSpec> d =
        declared(
            "s", ParameterType.STRING,
            "i", ParameterType.NUMBER_INTEGER,
            "f", ParameterType.NUMBER_DOUBLE,
            "b", ParameterType.BOOLEAN,
            "l", ParameterType.LIST,
            "m", ParameterType.STRUCT);
    write("outputs/s", " text kept verbatim\n");
    write("outputs/i", "42\n");
    write("outputs/f", " 0.5 ");
    write("outputs/b", "True");
    write("outputs/l", "[1, \"a\"]");
    write("outputs/m", "{\"k\": {\"n\": null}}");
    StepResult r = OutputCollector.collect(input(d), d, TOOK);
    assertThat(r).isInstanceOf(StepResult.Succeeded.class);
    Map<String, JsonValue> p = ((StepResult.Succeeded) r).outputParameters();
    assertThat(p.get("s")).isEqualTo(JsonValue.of(" text kept verbatim\n"));
    assertThat(p.get("i")).isEqualTo(JsonValue.of(42));
    assertThat(p.get("f")).isEqualTo(JsonValue.of(0.5));
    assertThat(p.get("b")).isEqualTo(JsonValue.of(true));
    assertThat(p.get("l").toJson()).isEqualTo("[1,\"a\"]");
    assertThat(p.get("m").toJson()).isEqualTo("{\"k\":{\"n\":null}}");
    assertThat(r.took()).isEqualTo(TOOK);
  }

  @Test
  void executor_output_wins_over_files_then_the_deprecated_map_and_artifacts_merge()
      throws IOException {
    Map<String, OutputParameterSpec> d =
        declared(
            "accuracy", ParameterType.NUMBER_DOUBLE,
            "labels", ParameterType.LIST,
            "epochs", ParameterType.NUMBER_INTEGER,
            "note", ParameterType.STRING,
            "fromfile", ParameterType.STRING);
    copyResource("executor_output_full.json", "executor_output.json");
    write("outputs/accuracy", "0.5");
    write("outputs/fromfile", "file value");
    StepResult r = OutputCollector.collect(input(d, "model", "metrics", "untouched"), d, TOOK);
    assertThat(r).isInstanceOf(StepResult.Succeeded.class);
    StepResult.Succeeded s = (StepResult.Succeeded) r;
    assertThat(s.outputParameters())
        .containsExactly(
            Map.entry("accuracy", JsonValue.of(0.92)),
            Map.entry("labels", JsonValue.list(List.of(JsonValue.of("cat"), JsonValue.of("dog")))),
            Map.entry("epochs", JsonValue.of(12)),
            Map.entry("note", JsonValue.of("old style")),
            Map.entry("fromfile", JsonValue.of("file value")));
    RuntimeArtifact model = s.outputArtifacts().get("model").getFirst();
    assertThat(model.uri()).isEqualTo("file:///elsewhere/model");
    assertThat(model.name()).isEqualTo("model");
    assertThat(model.type()).isEqualTo(ArtifactType.of("system.Model", "0.0.1"));
    assertThat(model.metadata().toJson())
        .isEqualTo("{\"framework\":\"torch\",\"planned\":true,\"size\":3}");
    RuntimeArtifact metrics = s.outputArtifacts().get("metrics").getFirst();
    assertThat(metrics.uri()).endsWith("/artifacts/metrics");
    assertThat(metrics.metadata().toJson()).isEqualTo("{\"accuracy\":0.92,\"planned\":true}");
    assertThat(s.outputArtifacts().get("untouched").getFirst().metadata().toJson())
        .isEqualTo("{\"planned\":true}");
  }

  @Test
  void a_missing_output_file_fails_the_step_naming_the_path() {
    Map<String, OutputParameterSpec> d = declared("n", ParameterType.NUMBER_INTEGER);
    StepResult r = OutputCollector.collect(input(d), d, TOOK);
    assertThat(r)
        .isEqualTo(
            new StepResult.Failed(
                "output parameter 'n' was not written to " + dir.resolve("outputs/n"), 0, TOOK));
  }

  @Test
  void a_value_that_does_not_parse_fails_the_step() throws IOException {
    Map<String, OutputParameterSpec> d = declared("n", ParameterType.NUMBER_INTEGER);
    write("outputs/n", "4.5");
    StepResult r = OutputCollector.collect(input(d), d, TOOK);
    assertThat(((StepResult.Failed) r).message())
        .isEqualTo("output 'n' expects NUMBER_INTEGER, but its file holds '4.5'");
  }

  @Test
  void malformed_executor_output_fails_the_step() throws IOException {
    Map<String, OutputParameterSpec> d = declared();
    write("executor_output.json", "{\"parameterValues\": {");
    StepResult r = OutputCollector.collect(input(d), d, TOOK);
    assertThat(((StepResult.Failed) r).message())
        .startsWith("executor_output.json is not valid JSON: ");
    assertThat(((StepResult.Failed) r).exitCode()).isZero();

    write("executor_output.json", "{\"parameterValues\": [1]}");
    assertThat(((StepResult.Failed) OutputCollector.collect(input(d), d, TOOK)).message())
        .isEqualTo("executor_output.json: parameterValues must be a JSON object, got a list");

    write("executor_output.json", "{\"artifacts\": {\"m\": {\"artifacts\": {}}}}");
    assertThat(((StepResult.Failed) OutputCollector.collect(input(d), d, TOOK)).message())
        .isEqualTo("executor_output.json: artifacts.m.artifacts must be a list, got a struct");

    write("executor_output.json", "{\"parameters\": {\"p\": {\"intValue\": \"x\"}}}");
    assertThat(((StepResult.Failed) OutputCollector.collect(input(d), d, TOOK)).message())
        .isEqualTo("executor_output.json: parameters.p.intValue must be a number, got \"x\"");
  }

  @Test
  void an_absent_or_empty_object_executor_output_means_nothing_extra() throws IOException {
    Map<String, OutputParameterSpec> d = declared("s", ParameterType.STRING);
    write("outputs/s", "x");
    assertThat(OutputCollector.collect(input(d), d, TOOK)).isInstanceOf(StepResult.Succeeded.class);
    write("executor_output.json", "{}");
    assertThat(OutputCollector.collect(input(d), d, TOOK)).isInstanceOf(StepResult.Succeeded.class);
  }

  @Test
  void an_executor_output_value_of_another_type_is_kept_as_kfp_keeps_it() throws IOException {
    Map<String, OutputParameterSpec> d = declared("n", ParameterType.NUMBER_INTEGER);
    write("executor_output.json", "{\"parameterValues\": {\"n\": \"seven\"}}");
    StepResult.Succeeded s = (StepResult.Succeeded) OutputCollector.collect(input(d), d, TOOK);
    assertThat(s.outputParameters()).containsEntry("n", JsonValue.of("seven"));
  }
}
