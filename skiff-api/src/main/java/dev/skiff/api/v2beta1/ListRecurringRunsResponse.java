package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One page of {@code GET /apis/v2beta1/recurringruns}. The list's key is {@code recurringRuns}, as
 * KFP's proto names that field (and {@code kfp.Client} reads it).
 *
 * @param recurringRuns this page's items
 * @param totalSize how many the whole list has (every page, same filter)
 * @param nextPageToken where the next page starts; absent on the last page
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ListRecurringRunsResponse(
    @JsonProperty("recurringRuns") List<RecurringRun> recurringRuns,
    Long totalSize,
    String nextPageToken) {
  /** Copies the items; null means none; an empty token is absent. */
  public ListRecurringRunsResponse {
    recurringRuns = recurringRuns == null ? List.of() : List.copyOf(recurringRuns);
    nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
  }
}
