package dev.skiff.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttemptReportJsonTest {

  @Test
  void succeededRoundTrips() {
    AttemptReport report =
        new AttemptReport.Succeeded(
            Map.of("acc", JsonValue.of(0.93), "names", JsonValue.list(List.of(JsonValue.of("a")))),
            Map.of(
                "model",
                List.of(
                    new RuntimeArtifact(
                        "model",
                        ArtifactType.of("system.Model", "0.0.1"),
                        "s3://b/r/t/model",
                        JsonValue.struct(Map.of("framework", JsonValue.of("torch"))),
                        Optional.empty())),
                "empty",
                List.of()),
            1234);
    assertThat(AttemptReportJson.read(AttemptReportJson.write(report))).isEqualTo(report);
  }

  @Test
  void failedRoundTripsWithAndWithoutAnExitCode() {
    AttemptReport exited = new AttemptReport.Failed("exit code 3: boom", 3, 50);
    AttemptReport never = new AttemptReport.Failed("input artifact 'x' is missing", null, 0);
    assertThat(AttemptReportJson.read(AttemptReportJson.write(exited))).isEqualTo(exited);
    assertThat(AttemptReportJson.read(AttemptReportJson.write(never))).isEqualTo(never);
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> AttemptReportJson.read("{\"result\":\"Maybe\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result must be Succeeded or Failed, got 'Maybe'");
    assertThatThrownBy(() -> AttemptReportJson.read("{\"result\":\"Failed\",\"millis\":1}"))
        .hasMessage("message is missing");
    assertThatThrownBy(
            () ->
                AttemptReportJson.read(
                    "{\"result\":\"Succeeded\",\"outputArtifacts\":{\"m\":[{\"name\":\"m\"}]}}"))
        .hasMessage("outputArtifacts.m[0].uri is missing");
  }
}
