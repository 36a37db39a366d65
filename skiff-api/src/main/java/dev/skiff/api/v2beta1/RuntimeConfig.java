package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.pipeline.json.JsonValue;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's {@code runtime_config}.
 *
 * @param parameters the pipeline's parameters by name, as plain JSON values ({@code
 *     google.protobuf.Value}); absent reads as none
 * @param pipelineRoot where the run's artifacts go; absent when not set
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RuntimeConfig(Map<String, JsonValue> parameters, String pipelineRoot) {
  /** Copies the parameters, sorted by name; null means none; an empty root is absent. */
  public RuntimeConfig {
    parameters =
        parameters == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(parameters));
    pipelineRoot = pipelineRoot == null || pipelineRoot.isEmpty() ? null : pipelineRoot;
  }

  /** Parameters without a pipeline root. */
  public RuntimeConfig(Map<String, JsonValue> parameters) {
    this(parameters, null);
  }
}
