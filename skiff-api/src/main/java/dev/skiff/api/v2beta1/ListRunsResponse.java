package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The answer of {@code GET /apis/v2beta1/runs}.
 *
 * @param runs the runs of this page, newest first, without their tasks
 * @param totalSize how many runs the caller can see in all (not only on this page); absent where
 *     not counted ({@code skiff get runs -o json})
 * @param nextPageToken where the next page starts; absent on the last page
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListRunsResponse(List<Run> runs, Long totalSize, String nextPageToken) {
  /** Copies the runs; null means none; an empty token is absent. */
  public ListRunsResponse {
    runs = runs == null ? List.of() : List.copyOf(runs);
    nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
  }
}
