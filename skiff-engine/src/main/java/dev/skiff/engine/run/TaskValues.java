package dev.skiff.engine.run;

import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values and artifacts by name: a task's resolved inputs, or its outputs.
 *
 * @param parameters values by name
 * @param artifacts artifacts by name (a list each, usually of one)
 */
public record TaskValues(
    Map<String, JsonValue> parameters, Map<String, List<RuntimeArtifact>> artifacts) {

  /** Nothing. */
  public static final TaskValues EMPTY = new TaskValues(Map.of(), Map.of());

  /** Copies the maps, keeping their order. */
  public TaskValues {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    Map<String, List<RuntimeArtifact>> copy = new LinkedHashMap<>();
    artifacts.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    artifacts = Collections.unmodifiableMap(copy);
  }

  /** A copy with one more (or a replaced) parameter. */
  public TaskValues withParameter(String name, JsonValue value) {
    Map<String, JsonValue> p = new LinkedHashMap<>(parameters);
    p.put(name, value);
    return new TaskValues(p, artifacts);
  }

  /** A copy with one more (or a replaced) artifact list. */
  public TaskValues withArtifacts(String name, List<RuntimeArtifact> list) {
    Map<String, List<RuntimeArtifact>> a = new LinkedHashMap<>(artifacts);
    a.put(name, list);
    return new TaskValues(parameters, a);
  }
}
