package dev.skiff.kubernetes.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.kubernetes.pod.AttemptReport;
import dev.skiff.kubernetes.pod.AttemptReportJson;
import dev.skiff.kubernetes.pod.KfpLaunches;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KFP lightweight Python components (compiled by the SDK, from kfp-testdata) run through the pod
 * contract with the host's python3, which has no {@code kfp}: the copy of Skiff's runtime the
 * launcher puts in the volume is what makes them run.
 */
class PodLauncherPythonIT {
  @TempDir static Path shared;
  private static S3Fixture s3;

  @TempDir Path work;

  @BeforeAll
  static void startS3() throws IOException {
    assumeTrue(KfpLaunches.testdata().isPresent(), KfpLaunches.SKIP);
    s3 = new S3Fixture(shared);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  private static AttemptReport.Succeeded run(Path work, StepLaunch launch) throws Exception {
    PodProcesses.PodResult result = new PodProcesses(work, s3.settings, launch).run();
    assertThat(result.prepare().status()).as(result.prepare().stderr()).isZero();
    assertThat(result.prepare().stdout()).contains("skiff-python-runtime");
    assertThat(result.main().status()).as(result.main().stderr()).isZero();
    assertThat(result.collect().status()).as(result.collect().stderr()).isZero();
    return (AttemptReport.Succeeded)
        AttemptReportJson.read(s3.text(PodContract.reportUri(s3.store, launch)));
  }

  @Test
  void artifactsFlowFromOnePythonStepToTheNextThroughTheStore() throws Exception {
    StepLaunch double3 =
        KfpLaunches.launch(
            "artifacts_simple.yaml",
            "comp-double",
            new StepId("run-py", "for-loop-2/iteration-0/double", 1),
            TaskValues.EMPTY.withParameter("num", JsonValue.of(3)),
            s3.store);
    AttemptReport.Succeeded doubled = run(work.resolve("double"), double3);
    RuntimeArtifact out = doubled.outputArtifacts().get("out_dataset").getFirst();
    assertThat(out.uri()).startsWith("s3://skiff/runs/run-py/");
    assertThat(s3.text(out.uri())).isEqualTo("6");

    List<RuntimeArtifact> inputs = new ArrayList<>();
    inputs.add(out);
    inputs.add(
        RuntimeArtifact.of(
            "41",
            ArtifactType.of("system.Dataset", "0.0.1"),
            s3.put(work, "runs/run-py/other/out_dataset", "10")));
    StepLaunch add =
        KfpLaunches.launch(
            "artifacts_simple.yaml",
            "comp-add",
            new StepId("run-py", "add", 1),
            TaskValues.EMPTY.withArtifacts("in_datasets", inputs),
            s3.store);
    AttemptReport.Succeeded sum = run(work.resolve("add"), add);
    assertThat(s3.text(sum.outputArtifacts().get("out_dataset").getFirst().uri())).isEqualTo("16");
    assertThat(Files.readString(work.resolve("add/logs/main.err"))).doesNotContain("pip");
  }

  @Test
  void aReturnedValueIsATypedOutputParameter() throws Exception {
    StepLaunch add =
        KfpLaunches.launch(
            "pipeline_producer_consumer.yaml",
            "comp-add",
            new StepId("run-py", "add-numbers", 1),
            TaskValues.EMPTY.withParameter(
                "nums",
                JsonValue.list(
                    List.of(
                        JsonValue.list(List.of(JsonValue.of(1), JsonValue.of(2))),
                        JsonValue.list(List.of(JsonValue.of(39)))))),
            s3.store);
    AttemptReport.Succeeded report = run(work, add);
    assertThat(report.outputParameters()).containsEntry("Output", JsonValue.of(42));
  }
}
