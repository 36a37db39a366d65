package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A run's {@code run_details}.
 *
 * @param taskDetails every task that has a state, in the engine's order (by path)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunDetails(List<PipelineTaskDetail> taskDetails) {
  /** Copies the list; null means empty. */
  public RunDetails {
    taskDetails = taskDetails == null ? List.of() : List.copyOf(taskDetails);
  }
}
