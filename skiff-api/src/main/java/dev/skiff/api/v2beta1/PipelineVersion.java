package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.pipeline.json.JsonValue;
import java.time.Instant;

/**
 * KFP's v2beta1 {@code PipelineVersion}: as the version endpoints answer it, and as {@code POST
 * /apis/v2beta1/pipelines/{id}/versions} reads it (the file from {@code package_url} or, as newer
 * KFP servers take it, {@code pipeline_spec}).
 *
 * @param pipelineId the pipeline
 * @param pipelineVersionId its id
 * @param displayName the name shown to people
 * @param name its unique name in the pipeline
 * @param description free text
 * @param createdAt when it was created
 * @param packageUrl where its file was fetched from
 * @param codeSourceUrl where the pipeline's source code is
 * @param pipelineSpec the compiled pipeline, as a JSON object
 * @param error KFP's per-item error (never set by Skiff)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineVersion(
    String pipelineId,
    String pipelineVersionId,
    String displayName,
    String name,
    String description,
    Instant createdAt,
    Url packageUrl,
    String codeSourceUrl,
    JsonValue pipelineSpec,
    Status error) {}
