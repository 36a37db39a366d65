package dev.skiff.kubernetes.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.AttemptReportJson;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's pod contract as local processes against a real S3 server: container components
 * that succeed, fail and miss an output, and a launcher given a bad environment.
 */
class PodLauncherIT {
  private static final ArtifactType DATASET = ArtifactType.of("system.Dataset", "0.0.1");

  @TempDir static Path shared;
  private static S3Fixture s3;

  @TempDir Path work;

  @BeforeAll
  static void startS3() throws IOException {
    s3 = new S3Fixture(shared);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static StepLaunch launch(
      String taskPath,
      List<String> command,
      Map<String, JsonValue> parameters,
      Map<String, List<RuntimeArtifact>> inputs,
      List<String> outputArtifacts,
      Map<String, OutputParameterSpec> outputParameters,
      List<ContainerSpec.EnvVar> env) {
    String root = s3.store.defaultRoot();
    Map<String, List<RuntimeArtifact>> outputs = new java.util.LinkedHashMap<>();
    for (String name : outputArtifacts) {
      outputs.put(
          name,
          List.of(
              RuntimeArtifact.of(
                  name, DATASET, s3.store.outputUri(root, "run-1", taskPath, name))));
    }
    return new StepLaunch(
        new StepId("run-1", taskPath, 1),
        "team-a",
        new ContainerSpec(
            "alpine:3", command, List.of(), env, ResourceSpec.NONE, ContainerSpec.Exec.NONE),
        new ExecutorInput(
            new ExecutorInput.Inputs(parameters, inputs),
            new ExecutorInput.Outputs(Map.of(), outputs, "")),
        outputParameters,
        RunInfo.of("job", "run-1", taskPath, "task-1", root),
        Map.of("POD_NAME", "pod-" + taskPath),
        JsonValue.Obj.EMPTY,
        ResourceRequest.NONE);
  }

  private static AttemptReport report(StepLaunch launch) throws IOException {
    return AttemptReportJson.read(s3.text(PodContract.reportUri(s3.store, launch)));
  }

  @Test
  void aContainerStepGetsItsInputsAndItsOutputsAreStoredBeforeTheReport() throws Exception {
    String data = s3.put(work, "runs/run-1/upstream/data", "21");
    String script =
        "set -e; n=$(cat \"$0\"); echo $((n * 2)) > \"$1\"; printf 'doubled %s' \"$n\" > \"$2\";"
            + " printf '%s|%s|%s' \"$3\" \"$B\" \"$POD_NAME\" > \"$4\"; echo done";
    StepLaunch launch =
        launch(
            "double",
            List.of(
                "/bin/sh",
                "-c",
                script,
                "{{$.inputs.artifacts['data'].path}}",
                "{{$.outputs.parameters['doubled'].output_file}}",
                "{{$.outputs.artifacts['model'].path}}",
                "{{$.inputs.parameters['greeting']}}",
                "{{$.outputs.parameters['seen'].output_file}}"),
            Map.of("greeting", JsonValue.of("it's \"quoted\" $HOME `x`")),
            Map.of("data", List.of(RuntimeArtifact.of("7", DATASET, data))),
            List.of("model"),
            Map.of(
                "doubled", new OutputParameterSpec(ParameterType.NUMBER_INTEGER, ""),
                "seen", new OutputParameterSpec(ParameterType.STRING, "")),
            List.of(new ContainerSpec.EnvVar("A", "1"), new ContainerSpec.EnvVar("B", "$(A)-two")));
    PodProcesses pod = new PodProcesses(work, s3.settings, launch);

    PodProcesses.PodResult result = pod.run();

    assertThat(result.prepare().status()).as(result.prepare().stderr()).isZero();
    assertThat(result.prepare().stdout()).contains("prepared run-1/double#1 (container)");
    assertThat(result.main().status()).as(result.main().stderr()).isZero();
    assertThat(result.main().stdout()).contains("done");
    assertThat(result.collect().status()).as(result.collect().stderr()).isZero();
    String modelUri = s3.store.outputUri(s3.store.defaultRoot(), "run-1", "double", "model");
    assertThat(s3.text(modelUri)).isEqualTo("doubled 21");
    AttemptReport.Succeeded report = (AttemptReport.Succeeded) report(launch);
    assertThat(report.outputParameters())
        .containsEntry("doubled", JsonValue.of(42))
        .containsEntry("seen", JsonValue.of("it's \"quoted\" $HOME `x`|1-two|pod-double"));
    assertThat(report.outputArtifacts().get("model"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.uri()).isEqualTo(modelUri);
              assertThat(a.customPath()).isEmpty();
            });
    assertThat(Files.readString(pod.root().resolve(PodContract.EXIT_CODE_FILE))).isEqualTo("0\n");
  }

  @Test
  void aNonZeroExitIsReportedWithItsCodeAndTheLastLineOfStderr() throws Exception {
    StepLaunch launch =
        launch(
            "fails",
            List.of(
                "/bin/sh",
                "-c",
                "echo working; echo 'first problem' >&2; echo 'disk on fire' >&2; exit 3"),
            Map.of(),
            Map.of(),
            List.of("model"),
            Map.of(),
            List.of());
    PodProcesses.PodResult result = new PodProcesses(work, s3.settings, launch).run();

    assertThat(result.main().status()).isEqualTo(3);
    assertThat(result.main().stderr()).contains("first problem\ndisk on fire");
    assertThat(result.collect().status()).isEqualTo(1);
    assertThat(result.collect().stderr().strip())
        .isEqualTo("skiff launcher: failed: run-1/fails#1: exit code 3: disk on fire");
    assertThat(report(launch))
        .isEqualTo(
            new AttemptReport.Failed(
                "exit code 3: disk on fire", 3, ((AttemptReport.Failed) report(launch)).millis()));
  }

  @Test
  void anImageWithNothingButBinShRunsTheStepAndReportsItsLastLine() throws Exception {
    StepLaunch launch =
        launch(
            "bare",
            List.of(
                "/bin/sh",
                "-c",
                "printf '%s' \"$0\" > \"$1\"; echo 'one' >&2; printf 'last words' >&2; exit 4",
                "{{$.inputs.parameters['text']}}",
                "{{$.outputs.parameters['echo'].output_file}}"),
            Map.of("text", JsonValue.of("a 'b' c")),
            Map.of(),
            List.of(),
            Map.of("echo", new OutputParameterSpec(ParameterType.STRING, "")),
            List.of());
    PodProcesses pod = new PodProcesses(work, s3.settings, launch).imagePath("/nonexistent");
    PodProcesses.PodResult result = pod.run();

    assertThat(result.main().status()).isEqualTo(4);
    assertThat(result.main().stderr()).isEqualTo("one\nlast words\n");
    assertThat(Files.readString(pod.root().resolve("outputs/echo"))).isEqualTo("a 'b' c");
    assertThat(((AttemptReport.Failed) report(launch)).message())
        .isEqualTo("exit code 4: last words");
    assertThat(Files.readString(pod.root().resolve(PodContract.EXIT_CODE_FILE))).isEqualTo("4\n");
  }

  @Test
  void aMissingOutputFailsTheStepNamingIt() throws Exception {
    StepLaunch launch =
        launch(
            "forgets",
            List.of("/bin/sh", "-c", "echo forgot to write it"),
            Map.of(),
            Map.of(),
            List.of(),
            Map.of("accuracy", new OutputParameterSpec(ParameterType.NUMBER_DOUBLE, "")),
            List.of());
    PodProcesses.PodResult result = new PodProcesses(work, s3.settings, launch).run();

    assertThat(result.main().status()).isZero();
    assertThat(result.collect().status()).isEqualTo(1);
    AttemptReport.Failed failed = (AttemptReport.Failed) report(launch);
    assertThat(failed.message()).contains("output parameter 'accuracy' was not written");
    assertThat(failed.exitCode()).isZero();
  }

  @Test
  void aMissingInputArtifactFailsPrepareWithAReport() throws Exception {
    StepLaunch launch =
        launch(
            "no-input",
            List.of("/bin/sh", "-c", "cat \"$0\"", "{{$.inputs.artifacts['data'].path}}"),
            Map.of(),
            Map.of(
                "data",
                List.of(RuntimeArtifact.of("9", DATASET, "s3://skiff/runs/run-1/gone/data"))),
            List.of(),
            Map.of(),
            List.of());
    PodProcesses pod = new PodProcesses(work, s3.settings, launch);
    PodProcesses.Result prepare = pod.launcher(PodContract.PREPARE);

    assertThat(prepare.status()).isEqualTo(1);
    assertThat(prepare.stderr().strip())
        .isEqualTo(
            "skiff launcher: input artifact 'data' is not in the artifact store at"
                + " s3://skiff/runs/run-1/gone/data");
    assertThat(report(launch))
        .isEqualTo(
            new AttemptReport.Failed(
                "input artifact 'data' is not in the artifact store at s3://skiff/runs/run-1/gone/data",
                null,
                0));
    assertThat(pod.root().resolve(PodContract.RUN_SCRIPT)).doesNotExist();
  }

  @Test
  void aBadStepIsOneLineAndExitStatusTwo() throws Exception {
    StepLaunch launch =
        launch("bad", List.of("true"), Map.of(), Map.of(), List.of(), Map.of(), List.of());
    PodProcesses pod = new PodProcesses(work, s3.settings, launch);
    pod.env().put(PodContract.ENV_STEP, "{\"version\":1,\"id\":{}}");

    PodProcesses.Result prepare = pod.launcher(PodContract.PREPARE);

    assertThat(prepare.status()).isEqualTo(2);
    assertThat(prepare.stderr()).isEqualTo("skiff launcher: SKIFF_STEP: id.attempt is missing\n");
    assertThat(pod.root()).isEmptyDirectory();

    pod.env().remove(PodContract.ENV_STEP);
    PodProcesses.Result collect = pod.launcher(PodContract.COLLECT);
    assertThat(collect.status()).isEqualTo(2);
    assertThat(collect.stderr()).isEqualTo("skiff launcher: SKIFF_STEP is not set\n");
  }
}
