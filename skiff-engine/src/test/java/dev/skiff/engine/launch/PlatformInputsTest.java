package dev.skiff.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.pipeline.json.JsonValue;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformInputsTest {
  private static final JsonValue.Obj PLATFORM =
      (JsonValue.Obj)
          JsonValue.parse(
              """
              {"platforms": {"kubernetes": {"deploymentSpec": {"executors": {
                "exec-comp": {
                  "secretAsEnv": [
                    {"keyToEnv": [{"envVar": "U", "secretKey": "username"}],
                     "secretNameParameter": {"componentInputParameter": "secret_parm"}},
                    {"keyToEnv": [{"envVar": "P", "secretKey": "password"}],
                     "secretNameParameter": {"taskOutputParameter":
                        {"outputParameterKey": "some_output", "producerTask": "gen"}}},
                    {"secretNameParameter": {"componentInputParameter": "absent"}, "optional": true}],
                  "pvcMount": [{"mountPath": "/data",
                     "pvcNameParameter": {"taskOutputParameter":
                        {"outputParameterKey": "name", "producerTask": "createpvc"}},
                     "taskOutputParameter": {"outputParameterKey": "name", "producerTask": "createpvc"}}]},
                "exec-other": {"nodeSelector": {"labels": {"a": "b"}}}}}}}}
              """);

  private static final PlatformInputs.Scope SCOPE =
      new PlatformInputs.Scope() {
        @Override
        public Optional<JsonValue> dagInput(String name) {
          return Optional.ofNullable(
              Map.of("secret_parm", (JsonValue) new JsonValue.Str("s1")).get(name));
        }

        @Override
        public Optional<JsonValue> taskOutput(String producer, String key) {
          return Optional.ofNullable(
              Map.<String, JsonValue>of(
                      "gen/some_output", new JsonValue.Str("s2"),
                      "createpvc/name", new JsonValue.Str("pvc-1"))
                  .get(producer + "/" + key));
        }
      };

  @Test
  void parameters_become_constants_in_the_step_dag() {
    JsonValue.Obj resolved = PlatformInputs.resolve(PLATFORM, "exec-comp", SCOPE);
    JsonValue.Obj exec = KubernetesEnv.executorConfig(resolved, "exec-comp").orElseThrow();
    String json = exec.toJson();
    assertThat(json)
        .contains("{\"runtimeValue\":{\"constant\":\"s1\"}}")
        .contains("{\"runtimeValue\":{\"constant\":\"s2\"}}")
        .contains("\"pvcNameParameter\":{\"runtimeValue\":{\"constant\":\"pvc-1\"}}")
        .doesNotContain("producerTask");
    // an input without a value stays for the executor to skip (optional) or refuse
    assertThat(json).contains("{\"componentInputParameter\":\"absent\"}");
    assertThat(KubernetesEnv.executorConfig(resolved, "exec-other"))
        .isEqualTo(KubernetesEnv.executorConfig(PLATFORM, "exec-other"));
  }

  @Test
  void a_document_without_the_executor_is_unchanged() {
    assertThat(PlatformInputs.resolve(PLATFORM, "exec-none", SCOPE)).isSameAs(PLATFORM);
    assertThat(PlatformInputs.resolve(JsonValue.Obj.EMPTY, "exec-comp", SCOPE))
        .isSameAs(JsonValue.Obj.EMPTY);
  }
}
