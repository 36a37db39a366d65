package dev.skiff.pipeline.model;

import java.util.Map;

/**
 * The {@code inputDefinitions} of a component.
 *
 * @param parameters input parameters by name
 * @param artifacts input artifacts by name
 */
public record ComponentInputs(
    Map<String, InputParameterSpec> parameters, Map<String, InputArtifactSpec> artifacts) {

  /** No inputs. */
  public static final ComponentInputs NONE = new ComponentInputs(Map.of(), Map.of());

  /** Copies the maps, keeping their order. */
  public ComponentInputs {
    parameters = Copies.map(parameters);
    artifacts = Copies.map(artifacts);
  }
}
