package dev.skiff.pipeline.model;

import java.util.Optional;

/**
 * The type of a parameter ({@code ParameterType.ParameterTypeEnum} in the IR). The constants are
 * declared in proto number order, so {@link #ordinal()} is the proto enum number.
 */
public enum ParameterType {
  /** Not given; old IR without a type. Values pass through unchecked. */
  UNSPECIFIED,
  /** A double. */
  NUMBER_DOUBLE,
  /** An integer carried in a double (JavaScript-safe range). */
  NUMBER_INTEGER,
  /** A string. */
  STRING,
  /** A boolean. */
  BOOLEAN,
  /** A JSON array. */
  LIST,
  /** A JSON object. */
  STRUCT,
  /** The final status of an upstream task, fed by {@code taskFinalStatus}. */
  TASK_FINAL_STATUS,
  /** Task configuration injected by the backend. */
  TASK_CONFIG;

  /**
   * Reads the IR spelling: an enum name ({@code NUMBER_INTEGER}, {@code
   * PARAMETER_TYPE_ENUM_UNSPECIFIED}) or its proto number as a string.
   */
  public static Optional<ParameterType> fromIr(String text) {
    if (text.equals("PARAMETER_TYPE_ENUM_UNSPECIFIED")) {
      return Optional.of(UNSPECIFIED);
    }
    for (ParameterType t : values()) {
      if (t != UNSPECIFIED
          && (t.name().equals(text) || Integer.toString(t.ordinal()).equals(text))) {
        return Optional.of(t);
      }
    }
    return text.equals("0") ? Optional.of(UNSPECIFIED) : Optional.empty();
  }

  /**
   * Reads the deprecated {@code type} field ({@code PrimitiveType}: INT, DOUBLE, STRING) of old IR
   * and maps it to the current enum.
   */
  public static Optional<ParameterType> fromLegacy(String text) {
    return switch (text) {
      case "INT", "1" -> Optional.of(NUMBER_INTEGER);
      case "DOUBLE", "2" -> Optional.of(NUMBER_DOUBLE);
      case "STRING", "3" -> Optional.of(STRING);
      case "PRIMITIVE_TYPE_UNSPECIFIED", "0" -> Optional.of(UNSPECIFIED);
      default -> Optional.empty();
    };
  }
}
