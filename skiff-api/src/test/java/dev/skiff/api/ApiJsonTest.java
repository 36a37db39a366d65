package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.v2beta1.AttemptView;
import dev.skiff.api.v2beta1.GetHealthzResponse;
import dev.skiff.api.v2beta1.ListRunsResponse;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.api.v2beta1.RuntimeState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiJsonTest {

  @Test
  void fields_a_newer_server_adds_are_ignored_and_unknown_states_are_unspecified() {
    Run run =
        ApiJson.read(
            """
            {"run_id": "r1", "state": "ARCHIVING", "storage_state": "AVAILABLE",
             "created_at": "2026-01-02T03:04:05Z",
             "run_details": {"pipeline_context_id": "7", "task_details": []},
             "tasks": {"a": {"state": "SUCCEEDED", "kind": "CONTAINER", "cached": false,
                             "pod_name": "a-123", "attempts": [], "outputs": {}}},
             "plugins_output": {"mlflow": {"x": 1}}}
            """,
            Run.class);
    assertThat(run.runId()).isEqualTo("r1");
    assertThat(run.state()).isEqualTo(RuntimeState.RUNTIME_STATE_UNSPECIFIED);
    assertThat(run.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(run.tasks().get("a").state()).isEqualTo(RuntimeState.SUCCEEDED);
    assertThat(run.runtimeConfig().parameters()).isEmpty();
  }

  @Test
  void camel_case_names_are_read_as_protojson_reads_them() {
    Run run =
        ApiJson.read(
            "{\"runId\": \"r2\", \"displayName\": \"n\", \"runtimeConfig\": {\"parameters\":"
                + " {\"x\": 1}}, \"runDetails\": {\"taskDetails\": [{\"taskId\": \"t\"}]}}",
            Run.class);
    assertThat(run.runId()).isEqualTo("r2");
    assertThat(run.displayName()).isEqualTo("n");
    assertThat(run.runtimeConfig().parameters()).containsKey("x");
    assertThat(run.runDetails().taskDetails())
        .singleElement()
        .satisfies(d -> assertThat(d.taskId()).isEqualTo("t"));
    // ... and written under the proto names only.
    assertThat(ApiJson.write(run)).contains("\"run_id\":\"r2\"").doesNotContain("runId");
  }

  @Test
  void absent_fields_are_left_out_but_unset_times_are_null() {
    AttemptView a =
        new AttemptView(
            1, "RUNNING", null, null, null, Instant.parse("2026-01-02T03:04:05.5Z"), null, null);
    assertThat(ApiJson.write(a))
        .isEqualTo(
            "{\"attempt\":1,\"end_time\":null,\"start_time\":\"2026-01-02T03:04:05.500Z\","
                + "\"state\":\"RUNNING\"}");
  }

  @Test
  void the_list_carries_the_total_when_counted() {
    assertThat(ApiJson.write(new ListRunsResponse(List.of(), 42L, null)))
        .isEqualTo("{\"runs\":[],\"total_size\":42}");
    assertThat(ApiJson.write(new ListRunsResponse(null, null, null))).isEqualTo("{\"runs\":[]}");
    assertThat(ApiJson.write(new GetHealthzResponse("", "0.1.0", true)))
        .isEqualTo(
            "{\"commit_sha\":\"\",\"multi_user\":true,\"pipeline_store\":\"database\","
                + "\"tag_name\":\"0.1.0\"}");
  }

  @Test
  void text_that_is_not_a_run_is_one_line() {
    assertThatThrownBy(() -> ApiJson.read("<html>", Run.class))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("\n");
    assertThatThrownBy(() -> ApiJson.read("{} {}", Run.class))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
