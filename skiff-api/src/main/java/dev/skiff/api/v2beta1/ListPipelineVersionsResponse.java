package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One page of {@code GET /apis/v2beta1/pipelines/{pipeline_id}/versions}.
 *
 * @param pipelineVersions this page's items
 * @param totalSize how many the whole list has (every page, same filter)
 * @param nextPageToken where the next page starts; absent on the last page
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListPipelineVersionsResponse(
    List<PipelineVersion> pipelineVersions, Long totalSize, String nextPageToken) {
  /** Copies the items; null means none; an empty token is absent. */
  public ListPipelineVersionsResponse {
    pipelineVersions = pipelineVersions == null ? List.of() : List.copyOf(pipelineVersions);
    nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
  }
}
