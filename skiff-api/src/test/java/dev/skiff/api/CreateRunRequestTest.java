package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.api.v2beta1.CreateRunRequest;
import dev.skiff.pipeline.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The body of {@code POST /apis/v2beta1/runs}. The messages are the ones the server gave before the
 * request became a record; the API tests and scripts match on them.
 */
class CreateRunRequestTest {
  private static final String SPEC = "{\"pipelineInfo\":{\"name\":\"p\"},\"root\":{}}";

  @Test
  void reads_kfp_clients_snake_case_body_and_ignores_fields_it_does_not_use() {
    CreateRunRequest r =
        CreateRunRequest.parse(
            "{\"display_name\": \"  nightly \", \"experiment_id\": \"e1\","
                + " \"service_account\": \"sa\", \"pipeline_spec\": {\"root\": {}, \"pipelineInfo\":"
                + " {\"name\": \"p\"}}, \"runtime_config\": {\"parameters\": {\"n\": 3, \"s\":"
                + " \"x\", \"none\": null}, \"pipeline_root\": \"s3://b\"}, \"future\": {\"a\": [1]}}");
    assertThat(r.runName()).isEqualTo("nightly");
    assertThat(r.pipelineText()).isEqualTo(SPEC);
    assertThat(r.parameters())
        .containsEntry("n", JsonValue.of(3))
        .containsEntry("s", JsonValue.of("x"))
        .containsEntry("none", JsonValue.Null.INSTANCE);
  }

  @Test
  void reads_camel_case_as_protojson_does() {
    CreateRunRequest r =
        CreateRunRequest.parse(
            "{\"displayName\": \"n\", \"pipelineSpec\": "
                + SPEC
                + ", \"runtimeConfig\":"
                + " {\"parameters\": {\"x\": 1.5}}}");
    assertThat(r.runName()).isEqualTo("n");
    assertThat(r.pipelineText()).isEqualTo(SPEC);
    assertThat(r.parameters()).containsEntry("x", JsonValue.of(1.5));
  }

  @Test
  void takes_kfps_wrapped_spec_and_skiffs_file_text() {
    CreateRunRequest wrapped =
        CreateRunRequest.parse(
            "{\"pipeline_spec\": {\"pipeline_spec\": " + SPEC + ", \"platform_spec\": {}}}");
    assertThat(wrapped.pipelineText())
        .isEqualTo("{\"pipeline_spec\":" + SPEC + ",\"platform_spec\":{}}");
    String yaml = "pipelineInfo:\n  name: p\nroot: {}\n";
    CreateRunRequest text =
        CreateRunRequest.parse(ApiJson.write(CreateRunRequest.ofText("", yaml, Map.of())));
    assertThat(text.pipelineText()).isEqualTo(yaml);
    assertThat(text.runName()).isEmpty();
    assertThat(text.parameters()).isEmpty();
  }

  @Test
  void what_the_cli_sends_leaves_out_an_empty_name() {
    assertThat(ApiJson.write(CreateRunRequest.ofText("", "x: 1\n", Map.of("b", JsonValue.of(2)))))
        .isEqualTo("{\"pipeline_spec\":\"x: 1\\n\",\"runtime_config\":{\"parameters\":{\"b\":2}}}");
    assertThat(ApiJson.write(CreateRunRequest.ofText("n", "x", Map.of())))
        .startsWith("{\"display_name\":\"n\",");
  }

  @Test
  void nulls_mean_absent() {
    CreateRunRequest r =
        CreateRunRequest.parse(
            "{\"display_name\": null, \"pipeline_spec\": \"x\", \"runtime_config\": null,"
                + " \"pipeline_version_reference\": null}");
    assertThat(r.runName()).isEmpty();
    assertThat(r.parameters()).isEmpty();
    assertThat(
            CreateRunRequest.parse("{\"pipeline_spec\": \"x\", \"runtime_config\": {}}")
                .parameters())
        .isEmpty();
  }

  @Test
  void text_that_is_not_json_is_named_with_the_parsers_reason() {
    for (String body :
        new String[] {"{\"pipeline_spec\": ", "", "  ", "{} x", "{} }", "{'a': 1}"}) {
      String reason;
      try {
        JsonValue.parse(body);
        throw new AssertionError("parsed: " + body);
      } catch (IllegalArgumentException e) {
        reason = e.getMessage();
      }
      assertThatThrownBy(() -> CreateRunRequest.parse(body))
          .as(body)
          .isInstanceOf(ApiRequestException.class)
          .hasMessage("the request body is not JSON: " + reason);
    }
  }

  @Test
  void each_malformed_body_is_one_message() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("[1]", "the request body must be a JSON object (a KFP Run)");
    cases.put("\"x\"", "the request body must be a JSON object (a KFP Run)");
    cases.put("null", "the request body must be a JSON object (a KFP Run)");
    String twice =
        "give the pipeline once: pipeline_spec, pipeline_version_reference or"
            + " pipeline_version_id";
    cases.put(
        "{\"pipelineVersionReference\": {\"pipelineId\": \"p\"}, \"pipeline_spec\": {}}", twice);
    cases.put("{\"pipelineVersionId\": \"v\", \"pipeline_spec\": {}}", twice);
    cases.put(
        "{\"pipeline_version_reference\": {}}",
        "pipeline_version_reference.pipeline_id is required");
    String required =
        "pipeline_spec is required: the compiled pipeline (KFP v2 IR) as a JSON object, or"
            + " pipeline_version_reference naming a stored pipeline";
    cases.put("{}", required);
    cases.put("{\"display_name\": \"x\"}", required);
    String notObject = "pipeline_spec must be a JSON object (the compiled pipeline), got a ";
    cases.put("{\"pipeline_spec\": [1]}", notObject + "list");
    cases.put("{\"pipeline_spec\": 5}", notObject + "number");
    cases.put("{\"pipelineSpec\": true}", notObject + "boolean");
    cases.put("{\"pipeline_spec\": null}", notObject + "null");
    cases.put(
        "{\"pipeline_spec\": {}, \"display_name\": 5}",
        "display_name must be a string, got a number");
    cases.put(
        "{\"pipeline_spec\": {}, \"display_name\": 1.5}",
        "display_name must be a string, got a number");
    cases.put(
        "{\"pipeline_spec\": {}, \"displayName\": true}",
        "display_name must be a string, got a boolean");
    cases.put(
        "{\"pipeline_spec\": {}, \"display_name\": {}}",
        "display_name must be a string, got a struct");
    cases.put(
        "{\"pipeline_spec\": {}, \"display_name\": [\"a\"]}",
        "display_name must be a string, got a list");
    cases.put(
        "{\"pipeline_spec\": {}, \"runtime_config\": [1]}",
        "runtime_config must be a JSON object, got a list");
    cases.put(
        "{\"pipeline_spec\": {}, \"runtimeConfig\": \"x\"}",
        "runtime_config must be a JSON object, got a string");
    cases.put(
        "{\"pipeline_spec\": {}, \"runtime_config\": 1}",
        "runtime_config must be a JSON object, got a number");
    cases.put(
        "{\"pipeline_spec\": {}, \"runtime_config\": {\"parameters\": [1]}}",
        "runtime_config.parameters must be a JSON object (name to value), got a list");
    cases.put(
        "{\"pipeline_spec\": {}, \"runtimeConfig\": {\"parameters\": \"a=1\"}}",
        "runtime_config.parameters must be a JSON object (name to value), got a string");
    cases.forEach(
        (body, message) ->
            assertThatThrownBy(() -> CreateRunRequest.parse(body))
                .as(body)
                .isInstanceOf(ApiRequestException.class)
                .hasMessage(message));
  }
}
