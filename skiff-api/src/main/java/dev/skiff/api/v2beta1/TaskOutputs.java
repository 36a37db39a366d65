package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.pipeline.json.JsonValue;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task's outputs (Skiff extension); empty until it succeeds.
 *
 * @param parameters output parameters by name
 * @param artifacts output artifacts by name (a list each, usually of one)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskOutputs(
    Map<String, JsonValue> parameters, Map<String, List<ArtifactView>> artifacts) {

  /** No outputs. */
  public static final TaskOutputs EMPTY = new TaskOutputs(Map.of(), Map.of());

  /** Copies both maps, sorted by name; null means empty. */
  public TaskOutputs {
    parameters =
        parameters == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(parameters));
    Map<String, List<ArtifactView>> copy = new TreeMap<>();
    if (artifacts != null) {
      artifacts.forEach((k, v) -> copy.put(k, v == null ? List.of() : List.copyOf(v)));
    }
    artifacts = Collections.unmodifiableMap(copy);
  }
}
