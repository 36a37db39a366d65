package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code GET /apis/v2beta1/healthz}, which {@code kfp.Client} asks for when it is
 * created.
 *
 * @param commitSha the source commit (empty: not recorded)
 * @param tagName the server's version
 * @param multiUser whether runs are kept per profile
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GetHealthzResponse(String commitSha, String tagName, boolean multiUser) {}
