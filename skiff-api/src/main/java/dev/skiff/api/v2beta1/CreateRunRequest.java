package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.api.ApiRequestException;
import dev.skiff.api.RequestBodies;
import dev.skiff.pipeline.json.JsonValue;
import java.util.Map;

/**
 * The body of {@code POST /apis/v2beta1/runs}: the part of KFP's v2beta1 {@code Run} that Skiff
 * acts on (other fields are ignored). Like KFP's protojson, it is read under snake_case or
 * camelCase names.
 *
 * <p>{@code pipeline_spec} is the compiled pipeline as a JSON object (what {@code kfp.Client}
 * sends), either bare or wrapped as {@code {"pipeline_spec": {...}, "platform_spec": {...}}}. As a
 * Skiff extension it may also be a string holding the pipeline file's text (YAML or JSON), which
 * the CLI sends so that the stored run keeps the file as written.
 *
 * @param displayName the run's name; absent or blank means the pipeline's
 * @param pipelineSpec the pipeline: a JSON object, or a string holding the file
 * @param runtimeConfig {@code runtime_config}: the parameters, untyped JSON values
 * @param pipelineVersionReference a stored pipeline version to run (not supported yet)
 * @param pipelineVersionId KFP's deprecated form of the reference (not supported either)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateRunRequest(
    String displayName,
    JsonValue pipelineSpec,
    RuntimeConfig runtimeConfig,
    PipelineVersionReference pipelineVersionReference,
    String pipelineVersionId) {

  /** What the CLI sends: the pipeline file's text as written. */
  public static CreateRunRequest ofText(
      String displayName, String pipelineText, Map<String, JsonValue> parameters) {
    return new CreateRunRequest(
        displayName == null || displayName.isEmpty() ? null : displayName,
        JsonValue.of(pipelineText),
        new RuntimeConfig(parameters),
        null,
        null);
  }

  /**
   * Reads and checks a request body.
   *
   * @throws ApiRequestException naming what is missing or malformed
   */
  public static CreateRunRequest parse(String body) {
    CreateRunRequest request = RequestBodies.read(body, CreateRunRequest.class, "a KFP Run");
    if (request.pipelineVersionReference() != null || request.pipelineVersionId() != null) {
      throw new ApiRequestException(
          "runs of stored pipeline versions are not supported yet; send the pipeline itself as"
              + " pipeline_spec");
    }
    request.pipelineText();
    return request;
  }

  /**
   * The pipeline as text for the engine's parser: the string as sent, or the object as JSON.
   *
   * @throws ApiRequestException when {@code pipeline_spec} is absent or neither
   */
  public String pipelineText() {
    return switch (pipelineSpec) {
      case JsonValue.Obj o -> o.toJson();
      case JsonValue.Str s -> s.value();
      case null ->
          throw new ApiRequestException(
              "pipeline_spec is required: the compiled pipeline (KFP v2 IR) as a JSON object");
      default ->
          throw new ApiRequestException(
              "pipeline_spec must be a JSON object (the compiled pipeline), got a "
                  + pipelineSpec.kind());
    };
  }

  /** The run's name, stripped; empty means the pipeline's. */
  public String runName() {
    return displayName == null ? "" : displayName.strip();
  }

  /** {@code runtime_config.parameters}; empty when absent. */
  public Map<String, JsonValue> parameters() {
    return runtimeConfig == null ? Map.of() : runtimeConfig.parameters();
  }
}
