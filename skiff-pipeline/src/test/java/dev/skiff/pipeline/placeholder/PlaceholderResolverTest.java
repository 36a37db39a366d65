package dev.skiff.pipeline.placeholder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaceholderResolverTest {

  private static final ArtifactType DATASET = ArtifactType.of("system.Dataset", "0.0.1");

  private final ExecutorInput input = input();
  private final RunInfo run =
      RunInfo.of("my-run", "run-123", "train", "task-9", "s3://bucket/root");
  private final PlaceholderResolver resolver = new PlaceholderResolver(input, run);

  private static ExecutorInput input() {
    Map<String, JsonValue> params = new LinkedHashMap<>();
    params.put("text", JsonValue.of("hello world"));
    params.put("n", JsonValue.of(3.0));
    params.put("rate", JsonValue.of(0.5));
    params.put("flag", JsonValue.of(false));
    params.put("items", JsonValue.parse("[1.0, \"a\"]"));
    params.put("cfg", JsonValue.parse("{\"b\": 1, \"a\": [true]}"));
    params.put("gone", JsonValue.Null.INSTANCE);
    RuntimeArtifact in =
        new RuntimeArtifact(
            "42",
            DATASET,
            "gs://bucket/data/in",
            JsonValue.struct(Map.of("rows", JsonValue.of(10), "source", JsonValue.of("csv"))),
            Optional.empty());
    RuntimeArtifact out =
        RuntimeArtifact.of(
            "model", ArtifactType.of("system.Model", "0.0.1"), "s3://b/run/train/model");
    return new ExecutorInput(
        new ExecutorInput.Inputs(params, Map.of("data", List.of(in))),
        new ExecutorInput.Outputs(
            Map.of("Output", "/tmp/kfp/outputs/Output"),
            Map.of("model", List.of(out)),
            "/tmp/kfp/outputs/output_metadata.json"));
  }

  @Test
  void input_parameters_are_formatted_by_type() {
    assertThat(resolver.substitute("{{$.inputs.parameters['text']}}")).isEqualTo("hello world");
    assertThat(resolver.substitute("{{$.inputs.parameters['n']}}")).isEqualTo("3");
    assertThat(resolver.substitute("{{$.inputs.parameters['rate']}}")).isEqualTo("0.5");
    assertThat(resolver.substitute("{{$.inputs.parameters['flag']}}")).isEqualTo("false");
    assertThat(resolver.substitute("{{$.inputs.parameters['items']}}")).isEqualTo("[1,\"a\"]");
    assertThat(resolver.substitute("{{$.inputs.parameters['cfg']}}"))
        .isEqualTo("{\"a\":[true],\"b\":1}");
  }

  @Test
  void placeholders_inside_longer_strings_are_replaced_once_each() {
    assertThat(
            resolver.substitute(
                "--n={{$.inputs.parameters['n']}} and {{$.inputs.parameters['text']}}!"))
        .isEqualTo("--n=3 and hello world!");
    // Text a placeholder expands to is not scanned again.
    ExecutorInput tricky =
        new ExecutorInput(
            new ExecutorInput.Inputs(
                Map.of("a", JsonValue.of("{{$.inputs.parameters['b']}}"), "b", JsonValue.of("B")),
                Map.of()),
            new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
    assertThat(new PlaceholderResolver(tricky, run).substitute("{{$.inputs.parameters['a']}}"))
        .isEqualTo("{{$.inputs.parameters['b']}}");
  }

  @Test
  void input_artifact_fields() {
    assertThat(resolver.substitute("{{$.inputs.artifacts['data'].uri}}"))
        .isEqualTo("gs://bucket/data/in");
    assertThat(resolver.substitute("{{$.inputs.artifacts['data'].path}}"))
        .isEqualTo("/gcs/bucket/data/in");
    assertThat(resolver.substitute("{{$.inputs.artifacts['data'].metadata}}"))
        .isEqualTo("{\"rows\":10,\"source\":\"csv\"}");
    assertThat(resolver.substitute("{{$.inputs.artifacts['data'].metadata['source']}}"))
        .isEqualTo("csv");
    assertThat(resolver.substitute("{{$.inputs.artifacts['data'].metadata['rows']}}"))
        .isEqualTo("10");
  }

  @Test
  void a_whole_artifact_list_is_a_json_array_of_runtime_artifacts() {
    String json = resolver.substitute("{{$.inputs.artifacts['data']}}");
    JsonValue parsed = JsonValue.parse(json);
    assertThat(parsed).isInstanceOf(JsonValue.Arr.class);
    JsonValue.Obj first = (JsonValue.Obj) ((JsonValue.Arr) parsed).items().getFirst();
    assertThat(first.get("uri")).isEqualTo(JsonValue.of("gs://bucket/data/in"));
    assertThat(resolver.substitute("{{$.inputs.artifacts['absent']}}"))
        .as("an unknown list stays as written")
        .isEqualTo("{{$.inputs.artifacts['absent']}}");
  }

  @Test
  void output_fields_and_files() {
    assertThat(resolver.substitute("{{$.outputs.artifacts['model'].uri}}"))
        .isEqualTo("s3://b/run/train/model");
    assertThat(resolver.substitute("{{$.outputs.artifacts['model'].path}}"))
        .isEqualTo("/s3/b/run/train/model");
    assertThat(resolver.substitute("{{$.outputs.artifacts['model'].metadata}}")).isEqualTo("{}");
    assertThat(resolver.substitute("{{$.outputs.parameters['Output'].output_file}}"))
        .isEqualTo("/tmp/kfp/outputs/Output");
    assertThat(resolver.substitute("{{$.outputs.output_file}}"))
        .isEqualTo("/tmp/kfp/outputs/output_metadata.json");
  }

  @Test
  void run_values() {
    assertThat(resolver.substitute("{{$.pipeline_job_name}}/{{$.pipeline_job_uuid}}"))
        .isEqualTo("my-run/run-123");
    assertThat(resolver.substitute("{{$.pipeline_task_name}}:{{$.pipeline_task_uuid}}"))
        .isEqualTo("train:task-9");
    assertThat(resolver.substitute("{{$.pipeline_root}}")).isEqualTo("s3://bucket/root");
    assertThat(
            new PlaceholderResolver(input, run.with("workspace_path", "/ws"))
                .substitute("{{$.workspace_path}}/x"))
        .isEqualTo("/ws/x");
  }

  @Test
  void unknown_or_absent_references_stay_as_written() {
    assertThat(resolver.substitute("{{$.inputs.parameters['missing']}}"))
        .isEqualTo("{{$.inputs.parameters['missing']}}");
    assertThat(resolver.substitute("{{$.pipeline_google_cloud_project_id}}"))
        .isEqualTo("{{$.pipeline_google_cloud_project_id}}");
    assertThat(resolver.substitute("{{$.something.else}}")).isEqualTo("{{$.something.else}}");
  }

  @Test
  void executor_input_json() {
    assertThat(resolver.expandAll(List.of("--executor_input", "{{$}}")))
        .containsExactly("--executor_input", input.toJson());
  }

  @Test
  void concat_joins_into_one_argument() {
    assertThat(
            resolver.expandAll(
                List.of(
                    "{\"Concat\": [\"prefix-\", \"{{$.inputs.parameters['n']}}\", \"-{{$.outputs.artifacts['model'].uri}}\"]}")))
        .containsExactly("prefix-3-s3://b/run/train/model");
  }

  @Test
  void if_present_expands_to_then_or_else_lists() {
    String present =
        "{\"IfPresent\": {\"InputName\": \"text\", \"Then\": [\"--text\", \"{{$.inputs.parameters['text']}}\"], \"Else\": [\"--none\"]}}";
    String absent =
        "{\"IfPresent\": {\"InputName\": \"nope\", \"Then\": [\"--x\"], \"Else\": [\"--default\", \"1\"]}}";
    String nullValue = "{\"IfPresent\": {\"InputName\": \"gone\", \"Then\": [\"--gone\"]}}";
    String artifact =
        "{\"IfPresent\": {\"InputName\": \"data\", \"Then\": [\"{{$.inputs.artifacts['data'].path}}\"]}}";
    assertThat(resolver.expandAll(List.of("run", present, absent, nullValue, artifact)))
        .containsExactly("run", "--text", "hello world", "--default", "1", "/gcs/bucket/data/in");
  }

  @Test
  void nested_structures() {
    String nested =
        "{\"Concat\": [\"a\", {\"IfPresent\": {\"InputName\": \"n\", \"Then\": \"-{{$.inputs.parameters['n']}}\"}},"
            + " {\"IfPresent\": {\"InputName\": \"nope\", \"Then\": \"x\", \"Else\": {\"Concat\": [\"-\", \"z\"]}}}]}";
    assertThat(resolver.expandAll(List.of(nested))).containsExactly("a-3-z");
    String thenConcat =
        "{\"IfPresent\": {\"InputName\": \"text\", \"Then\": {\"Concat\": [\"--t=\", \"{{$.inputs.parameters['text']}}\"]}}}";
    assertThat(resolver.expandAll(List.of(thenConcat))).containsExactly("--t=hello world");
  }

  @Test
  void malformed_structures_and_unmappable_outputs_fail() {
    assertThatThrownBy(() -> resolver.expandAll(List.of("{\"IfPresent\": {\"Then\": []}}")))
        .isInstanceOf(PlaceholderException.class)
        .hasMessage("IfPresent needs an InputName string");
    assertThatThrownBy(() -> resolver.expandAll(List.of("{\"Concat\": [1]}")))
        .hasMessageStartingWith("expected a string, {\"Concat\": [...]} or {\"IfPresent\": {...}}");
    ExecutorInput odd =
        new ExecutorInput(
            new ExecutorInput.Inputs(Map.of(), Map.of()),
            new ExecutorInput.Outputs(
                Map.of(), Map.of("m", List.of(RuntimeArtifact.of("m", DATASET, "ftp://x/m"))), ""));
    assertThatThrownBy(
            () -> new PlaceholderResolver(odd, run).substitute("{{$.outputs.artifacts['m'].path}}"))
        .hasMessage("output artifact 'm' has URI 'ftp://x/m', which has no local path");
  }

  @Test
  void plain_json_arguments_are_not_structures() {
    assertThat(resolver.expandAll(List.of("{\"a\": 1}"))).containsExactly("{\"a\": 1}");
  }

  @Test
  void a_custom_path_mapping_is_used_for_paths() {
    PlaceholderResolver local =
        new PlaceholderResolver(input, run, a -> Optional.of("/work/artifacts/" + a.name()));
    assertThat(local.substitute("{{$.inputs.artifacts['data'].path}}"))
        .isEqualTo("/work/artifacts/42");
  }

  @Test
  void runtime_constants_resolve_against_sibling_inputs_and_run_values() {
    Map<String, JsonValue> siblings = Map.of("pipelinechannel--name", JsonValue.of("KFP"));
    assertThat(
            PlaceholderResolver.resolveConstant(
                JsonValue.of("Hello {{$.inputs.parameters['pipelinechannel--name']}}"),
                siblings,
                run))
        .isEqualTo(JsonValue.of("Hello KFP"));
    assertThat(
            PlaceholderResolver.resolveConstant(
                JsonValue.of("{{$.pipeline_job_uuid}}"), Map.of(), run))
        .isEqualTo(JsonValue.of("run-123"));
    assertThat(PlaceholderResolver.resolveConstant(JsonValue.of(1.0), Map.of(), run))
        .isEqualTo(JsonValue.of(1));
  }

  @Test
  void placeholder_syntax_is_parsed() {
    assertThat(Placeholder.parse(".inputs.artifacts[\"a\"].metadata['k']"))
        .isEqualTo(
            new Placeholder.InputArtifact(
                "a", Placeholder.ArtifactField.METADATA, Optional.of("k")));
    assertThat(Placeholder.parse(".inputs.artifacts['a']"))
        .isEqualTo(new Placeholder.InputArtifactList("a"));
    assertThat(Placeholder.parse(".outputs.parameters['p']"))
        .isInstanceOf(Placeholder.Unknown.class);
    assertThat(Placeholder.parse(".outputMetadataUri"))
        .isEqualTo(new Placeholder.OutputMetadataFile());
  }
}
