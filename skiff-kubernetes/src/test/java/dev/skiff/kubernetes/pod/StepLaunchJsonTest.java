package dev.skiff.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.RunInfo;
import dev.skiff.store.artifact.ArtifactStore;
import dev.skiff.store.artifact.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepLaunchJsonTest {

  static StepLaunch fullLaunch() {
    RuntimeArtifact in =
        new RuntimeArtifact(
            "17",
            ArtifactType.of("system.Dataset", "0.0.1"),
            "s3://bucket/runs/r1/prep/data",
            JsonValue.struct(Map.of("rows", JsonValue.of(3), "note", JsonValue.of("a'b\"c"))),
            Optional.of("/data/in"));
    RuntimeArtifact schemaOnly =
        new RuntimeArtifact(
            "18",
            new ArtifactType("", "", "title: x\ntype: object\n"),
            "s3://bucket/runs/r1/prep/other",
            JsonValue.Obj.EMPTY,
            Optional.empty());
    RuntimeArtifact out =
        RuntimeArtifact.of("model", ArtifactType.of("system.Model", "0.0.1"), "s3://b/r1/t/model");
    ExecutorInput ei =
        new ExecutorInput(
            new ExecutorInput.Inputs(
                Map.of(
                    "n", JsonValue.of(3),
                    "s", JsonValue.of("x\ny"),
                    "l", JsonValue.list(List.of(JsonValue.of(true), JsonValue.Null.INSTANCE)),
                    "o", JsonValue.struct(Map.of("k", JsonValue.of(1.5)))),
                Map.of("data", List.of(in, schemaOnly))),
            new ExecutorInput.Outputs(Map.of(), Map.of("model", List.of(out)), ""));
    ContainerSpec container =
        new ContainerSpec(
            "python:3.11",
            List.of("sh", "-c", "echo '{{$.inputs.parameters[''n'']}}'"),
            List.of("--out", "{{$.outputs.artifacts['model'].path}}"),
            List.of(new ContainerSpec.EnvVar("A", "1"), new ContainerSpec.EnvVar("B", "$(A)-two")),
            new ResourceSpec(
                "2",
                "500m",
                "4Gi",
                "1Gi",
                Optional.of(new ResourceSpec.Accelerator("nvidia.com/gpu", "1", "", 0)),
                0,
                0.5,
                0,
                2),
            new ContainerSpec.Exec(List.of("check"), List.of("--fast")));
    return new StepLaunch(
        new StepId("r1", "for-loop-2/iteration-1/train", 3),
        "team-a",
        container,
        ei,
        Map.of(
            "acc", new OutputParameterSpec(ParameterType.NUMBER_DOUBLE, "accuracy"),
            "names", new OutputParameterSpec(ParameterType.LIST, "")),
        RunInfo.of("job", "r1", "train", "t-1", "s3://b/root"),
        Map.of("POD_NAME", "pod-1"),
        JsonValue.struct(
            Map.of(
                "nodeSelector",
                JsonValue.struct(
                    Map.of("labels", JsonValue.struct(Map.of("a", JsonValue.of("b"))))))),
        new ResourceRequest(2, 4L << 30, "nvidia.com/gpu", 1));
  }

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    StepLaunch launch = fullLaunch();
    String json = StepLaunchJson.write(launch);
    assertThat(StepLaunchJson.read(json)).isEqualTo(launch);
    assertThat(StepLaunchJson.write(StepLaunchJson.read(json))).isEqualTo(json);
  }

  @Test
  void aLaunchWithNothingOptionalSurvives() {
    StepLaunch launch =
        new StepLaunch(
            new StepId("r", "t", 1),
            "",
            new ContainerSpec(
                "alpine",
                List.of(),
                List.of(),
                List.of(),
                ResourceSpec.NONE,
                ContainerSpec.Exec.NONE),
            new ExecutorInput(
                new ExecutorInput.Inputs(Map.of(), Map.of()),
                new ExecutorInput.Outputs(Map.of(), Map.of(), "")),
            Map.of(),
            new RunInfo(Map.of()),
            Map.of(),
            JsonValue.Obj.EMPTY,
            ResourceRequest.NONE);
    assertThat(StepLaunchJson.read(StepLaunchJson.write(launch))).isEqualTo(launch);
  }

  @Test
  void aLaunchTheEngineBuiltFromKfpTestdataSurvives(@TempDir Path home) throws Exception {
    assumeTrue(KfpLaunches.testdata().isPresent(), KfpLaunches.SKIP);
    S3Settings s3 =
        new S3Settings(
            Optional.of(URI.create("http://127.0.0.1:1")),
            "us-east-1",
            "skiff",
            "runs",
            true,
            Optional.empty(),
            Optional.empty(),
            Set.of("s3"));
    try (ArtifactStore store = s3.open(home)) {
      TaskValues inputs =
          TaskValues.EMPTY.withArtifacts(
              "in_datasets",
              List.of(
                  RuntimeArtifact.of(
                      "1", ArtifactType.of("system.Dataset", "0.0.1"), "s3://skiff/runs/r/a/x"),
                  RuntimeArtifact.of(
                      "2", ArtifactType.of("system.Dataset", "0.0.1"), "s3://skiff/runs/r/b/x")));
      StepLaunch launch =
          KfpLaunches.launch(
              "artifacts_simple.yaml", "comp-add", new StepId("r", "add", 1), inputs, store);
      assertThat(launch.container().command()).contains("-ec");
      assertThat(StepLaunchJson.read(StepLaunchJson.write(launch))).isEqualTo(launch);
    }
  }

  @Test
  void badInputNamesTheField() {
    String good = StepLaunchJson.write(fullLaunch());
    assertThatThrownBy(() -> StepLaunchJson.read("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the step launch is not valid JSON");
    assertThatThrownBy(() -> StepLaunchJson.read("")).hasMessage("the step launch is empty");
    assertThatThrownBy(() -> StepLaunchJson.read("[]"))
        .hasMessage("the document must be a JSON object, got a list");
    assertThatThrownBy(() -> StepLaunchJson.read(good.replace("\"version\":1", "\"version\":9")))
        .hasMessageContaining("version is 9");
    assertThatThrownBy(() -> StepLaunchJson.read(good.replace("\"runId\":\"r1\"", "\"runId\":4")))
        .hasMessage("id.runId must be a string, got a number");
    assertThatThrownBy(() -> StepLaunchJson.read(good.replace("\"attempt\":3", "\"attempt\":0")))
        .hasMessage("id.attempt must be >= 1, got 0");
    assertThatThrownBy(() -> StepLaunchJson.read(good.replace("\"name\":\"B\"", "\"name\":[]")))
        .hasMessage("container.env[1].name must be a string, got a list");
    assertThatThrownBy(() -> StepLaunchJson.read(good.replace("\"NUMBER_DOUBLE\"", "\"DECIMAL\"")))
        .hasMessage("outputParameters.acc.type is not a parameter type: DECIMAL");
    assertThatThrownBy(
            () -> StepLaunchJson.read(good.replace("\"uri\":\"s3://b/r1/t/model\"", "\"x\":1")))
        .hasMessage("executorInput.outputs.artifacts.model.artifacts[0].uri is missing");
    assertThatThrownBy(() -> StepLaunchJson.read(good.replace("\"profile\":", "\"profil\":")))
        .hasMessage("profile is missing");
  }
}
