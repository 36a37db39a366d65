package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * KFP's {@code Url}: where a pipeline version's file is fetched from.
 *
 * @param pipelineUrl the URL
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Url(String pipelineUrl) {}
