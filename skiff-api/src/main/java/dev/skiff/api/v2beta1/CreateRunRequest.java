package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.api.ApiRequestException;
import dev.skiff.api.RequestBodies;
import dev.skiff.engine.catalog.RunCatalog;
import dev.skiff.pipeline.json.JsonValue;
import java.util.Map;

/**
 * The body of {@code POST /apis/v2beta1/runs}: the part of KFP's v2beta1 {@code Run} that Skiff
 * acts on (other fields are ignored). Like KFP's protojson, it is read under snake_case or
 * camelCase names.
 *
 * <p>The pipeline is one of: {@code pipeline_spec}, the compiled pipeline as a JSON object (what
 * {@code kfp.Client} sends), bare or wrapped as {@code {"pipeline_spec": {...}, "platform_spec":
 * {...}}} — as a Skiff extension also a string holding the pipeline file's text (YAML or JSON),
 * which the CLI sends so that the stored run keeps the file as written; {@code
 * pipeline_version_reference} (a stored pipeline, its newest version unless one is named); or KFP's
 * deprecated {@code pipeline_version_id}.
 *
 * @param displayName the run's name; absent or blank means the pipeline's
 * @param description what the run is for
 * @param experimentId its experiment; absent means the caller's default experiment
 * @param pipelineSpec the pipeline: a JSON object, or a string holding the file
 * @param runtimeConfig {@code runtime_config}: the parameters (untyped JSON values) and the
 *     pipeline root
 * @param pipelineVersionReference a stored pipeline (version) to run
 * @param pipelineVersionId KFP's deprecated form of the reference: a version id alone
 * @param serviceAccount KFP's service account (kept and returned)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateRunRequest(
    String displayName,
    String description,
    String experimentId,
    JsonValue pipelineSpec,
    RuntimeConfig runtimeConfig,
    PipelineVersionReference pipelineVersionReference,
    String pipelineVersionId,
    String serviceAccount) {

  /** What the CLI sends: the pipeline file's text as written. */
  public static CreateRunRequest ofText(
      String displayName, String pipelineText, Map<String, JsonValue> parameters) {
    return new CreateRunRequest(
        displayName == null || displayName.isEmpty() ? null : displayName,
        null,
        null,
        JsonValue.of(pipelineText),
        new RuntimeConfig(parameters),
        null,
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
    int sources =
        (request.pipelineSpec() == null ? 0 : 1)
            + (request.pipelineVersionReference() == null ? 0 : 1)
            + (blank(request.pipelineVersionId()) ? 0 : 1);
    if (sources > 1) {
      throw new ApiRequestException(
          "give the pipeline once: pipeline_spec, pipeline_version_reference or"
              + " pipeline_version_id");
    }
    if (request.pipelineSpec() != null || sources == 0) {
      request.pipelineText();
    } else if (request.pipelineVersionReference() != null
        && blank(request.pipelineVersionReference().pipelineId())
        && blank(request.pipelineVersionReference().pipelineVersionId())) {
      throw new ApiRequestException("pipeline_version_reference.pipeline_id is required");
    }
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
              "pipeline_spec is required: the compiled pipeline (KFP v2 IR) as a JSON object,"
                  + " or pipeline_version_reference naming a stored pipeline");
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

  /** The request as the catalog's new run. */
  public RunCatalog.NewRun toNewRun(boolean cacheEnabled) {
    String pipelineId = "";
    String versionId = blank(pipelineVersionId) ? "" : pipelineVersionId.strip();
    if (pipelineVersionReference != null) {
      pipelineId = nullToEmpty(pipelineVersionReference.pipelineId());
      versionId = nullToEmpty(pipelineVersionReference.pipelineVersionId());
    }
    return new RunCatalog.NewRun(
        runName(),
        nullToEmpty(description),
        nullToEmpty(experimentId),
        pipelineSpec == null ? null : pipelineText(),
        pipelineId,
        versionId,
        parameters(),
        runtimeConfig == null ? "" : nullToEmpty(runtimeConfig.pipelineRoot()),
        nullToEmpty(serviceAccount),
        cacheEnabled);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s.strip();
  }
}
