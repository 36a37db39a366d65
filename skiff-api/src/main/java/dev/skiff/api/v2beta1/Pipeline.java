package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * KFP's v2beta1 {@code Pipeline}: as the pipeline endpoints answer it, and as {@code POST
 * /apis/v2beta1/pipelines} reads it (output fields are then ignored).
 *
 * @param pipelineId its id
 * @param displayName the name shown to people
 * @param name its unique name in the namespace
 * @param description free text
 * @param createdAt when it was created
 * @param namespace the profile it belongs to
 * @param error KFP's per-item error (never set by Skiff)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Pipeline(
    String pipelineId,
    String displayName,
    String name,
    String description,
    Instant createdAt,
    String namespace,
    Status error) {}
