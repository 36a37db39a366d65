package dev.skiff.pipeline.value;

import dev.skiff.pipeline.json.JsonText;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentInputs;
import dev.skiff.pipeline.model.InputArtifactSpec;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parameter values by declared type: checking and normalising JSON values, reading values typed on
 * a command line ({@code -p n=3}), reading output-parameter files the way KFP's launcher does, and
 * formatting values for placeholders.
 */
public final class ParameterValues {

  /** Integers travel as doubles, so only this range is exact (JavaScript's safe integers). */
  public static final double MAX_SAFE_INTEGER = 9007199254740991d;

  private static final Pattern JSON_NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private ParameterValues() {}

  /**
   * Why {@code value} does not fit {@code type}, or empty when it does. Integers may be written
   * with a fraction of zero ({@code 20.0}); {@code null} fits every type (it means "no value"); a
   * LIST or STRUCT may also be given as a string holding that JSON.
   */
  public static Optional<String> mismatch(JsonValue value, ParameterType type) {
    if (value instanceof JsonValue.Null) {
      return Optional.empty();
    }
    boolean fits =
        switch (type) {
          case UNSPECIFIED -> true;
          case STRING -> value instanceof JsonValue.Str;
          case NUMBER_DOUBLE -> value instanceof JsonValue.Num;
          case NUMBER_INTEGER -> value instanceof JsonValue.Num n && isSafeInteger(n.value());
          case BOOLEAN -> value instanceof JsonValue.Bool;
          case LIST ->
              value instanceof JsonValue.Arr || jsonText(value, JsonValue.Arr.class).isPresent();
          case STRUCT, TASK_FINAL_STATUS, TASK_CONFIG ->
              value instanceof JsonValue.Obj || jsonText(value, JsonValue.Obj.class).isPresent();
        };
    if (fits) {
      return Optional.empty();
    }
    if (type == ParameterType.NUMBER_INTEGER && value instanceof JsonValue.Num n) {
      return Optional.of(
          Double.isFinite(n.value()) && n.isIntegral()
              ? "expects NUMBER_INTEGER, got " + n.toJson() + ", outside the exact integer range"
              : "expects NUMBER_INTEGER, got " + n.toJson() + ", which is not a whole number");
    }
    return Optional.of("expects " + type + ", got " + describe(value));
  }

  /**
   * Checks {@code value} against {@code type} and normalises it: JSON text given for a LIST or
   * STRUCT becomes the list or struct. Null passes through.
   *
   * @param name the parameter name, for the message
   * @throws ParameterValueException e.g. {@code parameter 'n' expects NUMBER_INTEGER, got 2.5,
   *     which is not a whole number}
   */
  public static JsonValue coerce(String name, JsonValue value, ParameterType type)
      throws ParameterValueException {
    Optional<String> problem = mismatch(value, type);
    if (problem.isPresent()) {
      throw new ParameterValueException("parameter '" + name + "' " + problem.get());
    }
    if (value instanceof JsonValue.Str s) {
      switch (type) {
        case LIST -> {
          return jsonText(s, JsonValue.Arr.class).orElseThrow();
        }
        case STRUCT, TASK_FINAL_STATUS, TASK_CONFIG -> {
          return jsonText(s, JsonValue.Obj.class).orElseThrow();
        }
        default -> {}
      }
    }
    return value;
  }

  /**
   * Reads a value typed by a person ({@code -p name=value}) as the declared type: STRING verbatim;
   * NUMBER_INTEGER a whole number; NUMBER_DOUBLE a decimal number; BOOLEAN {@code true/false} (and
   * the other spellings Go's {@code ParseBool} accepts); LIST and STRUCT JSON; UNSPECIFIED JSON if
   * it parses, else the text.
   *
   * @throws ParameterValueException e.g. {@code parameter 'n' expects NUMBER_INTEGER, got 'abc'}
   */
  public static JsonValue parseText(String name, String text, ParameterType type)
      throws ParameterValueException {
    String t = text.strip();
    Optional<JsonValue> value =
        switch (type) {
          case STRING -> Optional.of(JsonValue.of(text));
          case NUMBER_INTEGER -> parseInteger(t);
          case NUMBER_DOUBLE -> parseDouble(t);
          case BOOLEAN -> parseBool(t);
          case LIST -> jsonText(JsonValue.of(t), JsonValue.Arr.class);
          case STRUCT -> jsonText(JsonValue.of(t), JsonValue.Obj.class);
          case UNSPECIFIED -> Optional.of(parseJsonOr(t, text));
          case TASK_FINAL_STATUS, TASK_CONFIG -> Optional.empty();
        };
    if (value.isEmpty()) {
      throw new ParameterValueException(
          "parameter '" + name + "' expects " + type + ", got '" + text + "'" + expectation(type));
    }
    return value.get();
  }

  /**
   * Reads {@code name=value} assignments against the pipeline's declared inputs (the root
   * component's {@code inputDefinitions}).
   *
   * @throws ParameterValueException for a missing {@code =}, an undeclared name (with a
   *     suggestion), or a value of the wrong type
   */
  public static Map<String, JsonValue> parseAssignments(
      List<String> assignments, ComponentInputs declared) throws ParameterValueException {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new ParameterValueException("expected name=value, got '" + assignment + "'");
      }
      String name = assignment.substring(0, eq).strip();
      InputParameterSpec spec = declared.parameters().get(name);
      if (spec == null) {
        throw new ParameterValueException(unknownParameter(name, declared));
      }
      out.put(name, parseText(name, assignment.substring(eq + 1), spec.type()));
    }
    return out;
  }

  /**
   * The pipeline's parameter values for a run: the given values checked and normalised, plus
   * defaults for the rest.
   *
   * @throws ParameterValueException for an undeclared name, a wrong type, or a required parameter
   *     with no value
   */
  public static Map<String, JsonValue> bindPipelineParameters(
      ComponentInputs declared, Map<String, JsonValue> given) throws ParameterValueException {
    for (String name : given.keySet()) {
      if (!declared.parameters().containsKey(name)) {
        throw new ParameterValueException(unknownParameter(name, declared));
      }
    }
    Map<String, JsonValue> out = new LinkedHashMap<>();
    for (Map.Entry<String, InputParameterSpec> e : declared.parameters().entrySet()) {
      String name = e.getKey();
      InputParameterSpec spec = e.getValue();
      JsonValue value = given.get(name);
      if (value == null || value instanceof JsonValue.Null) {
        if (spec.defaultValue().isPresent()) {
          out.put(name, coerce(name, spec.defaultValue().get(), spec.type()));
        } else if (spec.isRequired()) {
          throw new ParameterValueException(
              "parameter '" + name + "' (" + spec.type() + ") is required and has no default");
        }
        continue;
      }
      JsonValue coerced = coerce(name, value, spec.type());
      if (!spec.literals().isEmpty() && !spec.literals().contains(coerced)) {
        throw new ParameterValueException(
            "parameter '"
                + name
                + "' must be one of "
                + JsonValue.list(spec.literals()).toJson()
                + ", got "
                + coerced.toJson());
      }
      out.put(name, coerced);
    }
    for (Map.Entry<String, InputArtifactSpec> e : declared.artifacts().entrySet()) {
      if (!e.getValue().isOptional()) {
        // KFP's run API has no way to pass artifacts to a pipeline either (runtime_config holds
        // parameters only); say so before anything is stored instead of failing a step later.
        throw new ParameterValueException(
            "pipeline input artifact '"
                + e.getKey()
                + "' ("
                + e.getValue().type().schemaTitle()
                + ") has no value: runs take parameters only; compile a pipeline that imports it"
                + " (dsl.importer) or produces it");
      }
    }
    return out;
  }

  /**
   * Reads an output-parameter file as KFP's launcher does ({@code TextToPbValue}): STRING verbatim;
   * NUMBER_INTEGER, NUMBER_DOUBLE and BOOLEAN trimmed and parsed; LIST and STRUCT as JSON.
   *
   * @param name the output name, for the message
   * @throws ParameterValueException when the text does not parse as the type
   */
  public static JsonValue fromOutputFile(String name, String text, ParameterType type)
      throws ParameterValueException {
    String t = text.strip();
    Optional<JsonValue> value =
        switch (type) {
          case STRING, UNSPECIFIED -> Optional.of(JsonValue.of(text));
          case NUMBER_INTEGER -> parseInteger(t);
          case NUMBER_DOUBLE -> parseDouble(t);
          case BOOLEAN -> parseBool(t);
          case LIST -> jsonText(JsonValue.of(t), JsonValue.Arr.class);
          case STRUCT, TASK_FINAL_STATUS, TASK_CONFIG ->
              jsonText(JsonValue.of(t), JsonValue.Obj.class);
        };
    if (value.isEmpty()) {
      throw new ParameterValueException(
          "output '"
              + name
              + "' expects "
              + type
              + ", but its file holds '"
              + abbreviate(text)
              + "'"
              + expectation(type));
    }
    return value.get();
  }

  /**
   * The text a placeholder expands to: strings verbatim, numbers in shortest decimal form without
   * exponent ({@code 3.0 → 3}), booleans {@code true/false}, lists and structs as compact JSON,
   * null as the empty string.
   */
  public static String format(JsonValue value) {
    return switch (value) {
      case JsonValue.Str s -> s.value();
      case JsonValue.Num n -> JsonText.plainNumber(n.value());
      case JsonValue.Bool b -> Boolean.toString(b.value());
      case JsonValue.Null n -> "";
      case JsonValue.Arr a -> a.toJson();
      case JsonValue.Obj o -> o.toJson();
    };
  }

  private static boolean isSafeInteger(double d) {
    return d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER;
  }

  private static Optional<JsonValue> parseInteger(String t) {
    if (!INTEGER.matcher(t).matches()) {
      return Optional.empty();
    }
    try {
      long l = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
      return Math.abs((double) l) <= MAX_SAFE_INTEGER
          ? Optional.of(JsonValue.of((double) l))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<JsonValue> parseDouble(String t) {
    // Double.parseDouble also takes "1d", "0x1p3", "NaN": accept only decimal notation.
    if (!JSON_NUMBER.matcher(t).matches()) {
      return Optional.empty();
    }
    double d = Double.parseDouble(t);
    return Double.isFinite(d) ? Optional.of(JsonValue.of(d)) : Optional.empty();
  }

  /** Go's {@code strconv.ParseBool} spellings. */
  private static Optional<JsonValue> parseBool(String t) {
    return switch (t) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(JsonValue.Bool.TRUE);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(JsonValue.Bool.FALSE);
      default -> Optional.empty();
    };
  }

  private static <T extends JsonValue> Optional<JsonValue> jsonText(
      JsonValue value, Class<T> kind) {
    if (!(value instanceof JsonValue.Str s)) {
      return Optional.empty();
    }
    try {
      JsonValue parsed = JsonValue.parse(s.value());
      return kind.isInstance(parsed) ? Optional.of(parsed) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static JsonValue parseJsonOr(String json, String text) {
    try {
      return JsonValue.parse(json);
    } catch (IllegalArgumentException e) {
      return JsonValue.of(text);
    }
  }

  private static String expectation(ParameterType type) {
    return switch (type) {
      case BOOLEAN -> " (use true or false)";
      case LIST -> " (not a JSON array)";
      case STRUCT -> " (not a JSON object)";
      case TASK_FINAL_STATUS, TASK_CONFIG -> " (it is set by the system)";
      default -> "";
    };
  }

  private static String unknownParameter(String name, ComponentInputs declared) {
    String hint = dev.skiff.pipeline.validate.Spelling.hint(name, declared.parameters().keySet());
    return "the pipeline has no parameter '"
        + name
        + "'"
        + hint
        + (declared.parameters().isEmpty()
            ? "; it takes no parameters"
            : "; it takes " + String.join(", ", declared.parameters().keySet()));
  }

  private static String describe(JsonValue value) {
    return switch (value) {
      case JsonValue.Str s -> "'" + abbreviate(s.value()) + "'";
      case JsonValue.Num n -> n.toJson();
      case JsonValue.Bool b -> b.toJson();
      default -> "a " + value.kind() + " " + abbreviate(value.toJson());
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
