package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code GET /apis/v2beta1/healthz}, which {@code kfp.Client} asks for when it is
 * created.
 *
 * @param commitSha the source commit (empty: not recorded)
 * @param tagName the server's version
 * @param multiUser KFP's multi-user mode; false: the client then keeps to its own namespace
 *     handling, and Skiff files everything in the caller's profile
 * @param pipelineStore where pipelines are kept: {@code database}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GetHealthzResponse(
    String commitSha, String tagName, boolean multiUser, String pipelineStore) {

  /** A healthz answer that keeps pipelines in the database. */
  public GetHealthzResponse(String commitSha, String tagName, boolean multiUser) {
    this(commitSha, tagName, multiUser, "database");
  }
}
