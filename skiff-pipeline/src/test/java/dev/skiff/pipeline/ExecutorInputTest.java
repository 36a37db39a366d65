package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.executor.ArtifactPaths;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.ComponentInputs;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutorInputTest {

  @Test
  void serialises_as_protobuf_json_in_camel_case() {
    ExecutorInput in =
        new ExecutorInput(
            new ExecutorInput.Inputs(
                Map.of("n", JsonValue.of(3.0), "msg", JsonValue.of("hi")),
                Map.of(
                    "dataset",
                    List.of(
                        RuntimeArtifact.of(
                            "42", ArtifactType.of("system.Dataset", "0.0.1"), "minio://b/d")))),
            new ExecutorInput.Outputs(
                Map.of("Output", "/tmp/kfp/outputs/Output"),
                Map.of(
                    "model",
                    List.of(
                        new RuntimeArtifact(
                            "model",
                            ArtifactType.of("system.Model", "0.0.1"),
                            "minio://b/m",
                            JsonValue.Obj.EMPTY,
                            Optional.of("/c/m")))),
                "/tmp/out.json"));
    assertThat(in.toJson())
        .isEqualTo(
            "{\"inputs\":{\"artifacts\":{\"dataset\":{\"artifacts\":[{\"name\":\"42\",\"type\":{\"schemaTitle\":\"system.Dataset\","
                + "\"schemaVersion\":\"0.0.1\"},\"uri\":\"minio://b/d\",\"metadata\":{}}]}},\"parameterValues\":{\"msg\":\"hi\",\"n\":3}},"
                + "\"outputs\":{\"artifacts\":{\"model\":{\"artifacts\":[{\"name\":\"model\",\"type\":{\"schemaTitle\":\"system.Model\","
                + "\"schemaVersion\":\"0.0.1\"},\"uri\":\"minio://b/m\",\"metadata\":{},\"customPath\":\"/c/m\"}]}},"
                + "\"outputFile\":\"/tmp/out.json\",\"parameters\":{\"Output\":{\"outputFile\":\"/tmp/kfp/outputs/Output\"}}}}");
    assertThat(JsonValue.parse(in.toJson())).isInstanceOf(JsonValue.Obj.class);
  }

  @Test
  void empty_parts_are_left_out() {
    ExecutorInput in =
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of(), Map.of()),
            new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
    assertThat(in.toJson()).isEqualTo("{\"inputs\":{},\"outputs\":{}}");
  }

  @Test
  void defaults_fill_only_missing_values() {
    ComponentInputs declared =
        new ComponentInputs(
            Map.of(
                "a",
                    new InputParameterSpec(
                        ParameterType.STRING, Optional.of(JsonValue.of("d")), true, "", List.of()),
                "b",
                    new InputParameterSpec(
                        ParameterType.STRING, Optional.of(JsonValue.of("d")), true, "", List.of()),
                "c", InputParameterSpec.of(ParameterType.STRING)),
            Map.of());
    ExecutorInput in =
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of("a", JsonValue.of("given")), Map.of()),
            new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
    assertThat(in.withDefaults(declared).inputs().parameterValues())
        .containsExactly(Map.entry("a", JsonValue.of("given")), Map.entry("b", JsonValue.of("d")));
    assertThat(in.isPresent("a")).isTrue();
    assertThat(in.isPresent("b")).isFalse();
  }

  @Test
  void local_paths_follow_the_kfp_uri_mapping() {
    assertThat(ArtifactPaths.localPathForUri("gs://b/k")).contains("/gcs/b/k");
    assertThat(ArtifactPaths.localPathForUri("minio://b/k")).contains("/minio/b/k");
    assertThat(ArtifactPaths.localPathForUri("s3://b/k")).contains("/s3/b/k");
    assertThat(ArtifactPaths.localPathForUri("oci://reg/model:1"))
        .contains("/oci/reg_model:1/models");
    assertThat(ArtifactPaths.localPathForUri("file:///data/x")).contains("/data/x");
    assertThat(ArtifactPaths.localPathForUri("http://x")).isEmpty();
  }
}
