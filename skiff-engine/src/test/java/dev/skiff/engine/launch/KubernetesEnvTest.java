package dev.skiff.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.json.JsonValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesEnvTest {
  private static final JsonValue.Obj PLATFORM =
      (JsonValue.Obj)
          JsonValue.parse(
              """
              {"platforms": {"kubernetes": {"deploymentSpec": {"executors": {
                "exec-a": {
                  "podMetadata": {"annotations": {"note": "hello"}, "labels": {"team": "ml"}},
                  "fieldPathAsEnv": [
                    {"name": "NOTE", "fieldPath": "metadata.annotations['note']"},
                    {"name": "TEAM", "fieldPath": "metadata.labels['team']"},
                    {"name": "ABSENT", "fieldPath": "metadata.labels['nope']"},
                    {"name": "POD", "fieldPath": "metadata.name"},
                    {"name": "NS", "fieldPath": "metadata.namespace"},
                    {"name": "ODD", "fieldPath": "status.phase"}]},
                "exec-b": {"fieldPathAsEnv": [
                    {"name": "NOTE", "fieldPath": "metadata.annotations['note']"}]}}}}}}
              """);

  @Test
  void pod_metadata_reads_back_through_the_downward_api() {
    assertThat(KubernetesEnv.of(PLATFORM, "exec-a", "run-abc12-7", "alice"))
        .containsExactly(
            Map.entry("NOTE", "hello"),
            Map.entry("TEAM", "ml"),
            Map.entry("ABSENT", ""),
            Map.entry("POD", "run-abc12-7"),
            Map.entry("NS", "alice"));
  }

  @Test
  void an_annotation_the_pod_lacks_is_empty_and_other_executors_get_nothing() {
    assertThat(KubernetesEnv.of(PLATFORM, "exec-b", "p", "n"))
        .containsExactly(Map.entry("NOTE", ""));
    assertThat(KubernetesEnv.of(PLATFORM, "exec-c", "p", "n")).isEmpty();
    assertThat(KubernetesEnv.of(JsonValue.struct(Map.of()), "exec-a", "p", "n")).isEmpty();
  }
}
