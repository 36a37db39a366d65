package dev.skiff.server.web.pipelines;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentInputs;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the run form's fields from a pipeline's root {@code inputDefinitions}: one typed field
 * per parameter, starting from its default (or from the value a cloned run used), required when the
 * IR gives neither a default nor {@code isOptional}. Parameters the backend fills itself ({@code
 * TASK_FINAL_STATUS}, {@code TASK_CONFIG}) get no field.
 */
public final class RunFormFields {
  private RunFormFields() {}

  /**
   * The fields of a form for {@code inputs}.
   *
   * @param inputs the pipeline's root input definitions
   * @param values values to start from instead of the defaults (a cloned run's parameters); a
   *     parameter not in it starts from its default
   */
  public static List<RunFormField> of(ComponentInputs inputs, Map<String, JsonValue> values) {
    List<RunFormField> out = new ArrayList<>();
    for (Map.Entry<String, InputParameterSpec> e : inputs.parameters().entrySet()) {
      InputParameterSpec spec = e.getValue();
      if (spec.type() == ParameterType.TASK_FINAL_STATUS
          || spec.type() == ParameterType.TASK_CONFIG) {
        continue;
      }
      Optional<JsonValue> start = Optional.ofNullable(values.get(e.getKey()));
      if (start.isEmpty() || start.get() instanceof JsonValue.Null) {
        start = spec.defaultValue();
      }
      RunFormField.Control control = control(spec);
      out.add(
          new RunFormField(
              e.getKey(),
              spec.type(),
              control,
              start.map(v -> text(v, spec.type())).orElse(""),
              spec.defaultValue().map(v -> text(v, spec.type())).orElse(""),
              spec.isRequired(),
              spec.isOptional(),
              spec.description() == null ? "" : spec.description(),
              spec.literals().stream().map(v -> text(v, spec.type())).toList()));
    }
    return out;
  }

  private static RunFormField.Control control(InputParameterSpec spec) {
    if (!spec.literals().isEmpty()) {
      return RunFormField.Control.CHOICE;
    }
    return switch (spec.type()) {
      case NUMBER_INTEGER -> RunFormField.Control.INTEGER;
      case NUMBER_DOUBLE -> RunFormField.Control.DOUBLE;
      case BOOLEAN -> RunFormField.Control.BOOLEAN;
      case LIST -> RunFormField.Control.LIST;
      case STRUCT -> RunFormField.Control.STRUCT;
      default -> RunFormField.Control.TEXT;
    };
  }

  /**
   * A value as its field holds it: a string as it is, a number in plain decimal (an integer without
   * {@code .0}, as the IR writes them), a boolean as {@code true}/{@code false}, a list or struct
   * as JSON.
   */
  static String text(JsonValue v, ParameterType type) {
    return switch (v) {
      case JsonValue.Str s -> s.value();
      case JsonValue.Num n -> number(n);
      case JsonValue.Bool b -> Boolean.toString(b.value());
      case JsonValue.Null n -> "";
      default -> v.toJson();
    };
  }

  private static String number(JsonValue.Num n) {
    if (n.isIntegral() && Math.abs(n.value()) < 1e15) {
      return Long.toString((long) n.value());
    }
    return BigDecimal.valueOf(n.value()).stripTrailingZeros().toPlainString();
  }
}
