package dev.skiff.pipeline.model;

import java.util.Optional;

/**
 * One entry of a task's {@code inputs.parameters}.
 *
 * @param source where the value comes from
 * @param parameterExpressionSelector a CEL expression applied to the resolved value, e.g. {@code
 *     parseJson(string_value)["a"]}
 */
public record TaskParameter(ParameterSource source, Optional<String> parameterExpressionSelector) {

  /** An input with no selector. */
  public static TaskParameter of(ParameterSource source) {
    return new TaskParameter(source, Optional.empty());
  }
}
