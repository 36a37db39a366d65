package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code POST /apis/v2beta1/pipelines/create}: a pipeline and its first version, made
 * in one transaction.
 *
 * @param pipeline the pipeline
 * @param pipelineVersion its first version (its file from {@code package_url} or {@code
 *     pipeline_spec})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreatePipelineAndVersionRequest(Pipeline pipeline, PipelineVersion pipelineVersion) {}
