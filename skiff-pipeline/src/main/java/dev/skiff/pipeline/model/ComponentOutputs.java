package dev.skiff.pipeline.model;

import java.util.Map;

/**
 * The {@code outputDefinitions} of a component.
 *
 * @param parameters output parameters by name
 * @param artifacts output artifacts by name
 */
public record ComponentOutputs(
    Map<String, OutputParameterSpec> parameters, Map<String, OutputArtifactSpec> artifacts) {

  /** No outputs. */
  public static final ComponentOutputs NONE = new ComponentOutputs(Map.of(), Map.of());

  /** Copies the maps, keeping their order. */
  public ComponentOutputs {
    parameters = Copies.map(parameters);
    artifacts = Copies.map(artifacts);
  }
}
