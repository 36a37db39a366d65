package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A run's {@code pipeline_version_reference}: which stored pipeline version to run.
 *
 * @param pipelineId the pipeline
 * @param pipelineVersionId the version; absent means the pipeline's newest
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PipelineVersionReference(String pipelineId, String pipelineVersionId) {}
