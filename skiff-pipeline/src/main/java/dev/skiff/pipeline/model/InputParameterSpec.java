package dev.skiff.pipeline.model;

import dev.skiff.pipeline.json.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * A declared input parameter of a component ({@code inputDefinitions.parameters.<name>}).
 *
 * @param type the declared type (the deprecated {@code type} field is mapped onto it)
 * @param defaultValue the default, if any; integers appear as {@code 1.0}
 * @param isOptional whether the input may be left unset
 * @param description free text
 * @param literals the allowed values ({@code Literal[...]}); empty when unconstrained
 */
public record InputParameterSpec(
    ParameterType type,
    Optional<JsonValue> defaultValue,
    boolean isOptional,
    String description,
    List<JsonValue> literals) {

  /** Copies the literals. */
  public InputParameterSpec {
    literals = List.copyOf(literals);
  }

  /** A plain input of this type with no default. */
  public static InputParameterSpec of(ParameterType type) {
    return new InputParameterSpec(type, Optional.empty(), false, "", List.of());
  }

  /**
   * Whether a caller must supply a value: no default, not optional, and not a kind the backend
   * injects itself ({@link ParameterType#TASK_CONFIG}).
   */
  public boolean isRequired() {
    return !isOptional && defaultValue.isEmpty() && type != ParameterType.TASK_CONFIG;
  }
}
