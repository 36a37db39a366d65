package dev.skiff.pipeline.expr;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.runtime.CelEvaluationException;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates KFP's CEL expressions: a task's {@code triggerPolicy.condition} over its {@link
 * ExecutorInput}, and an input's {@code parameterExpressionSelector} over one value. Behaviour
 * follows KFP's {@code backend/src/v2/expression/expression.go}; see {@link CelEnvironment} for the
 * variables each expression sees.
 *
 * <p>One difference from cel-go: the CEL-Java checker narrows operators applied to an element read
 * out of a {@code dyn} value (e.g. {@code parseJson(s)['a'] > 1}) to the overload of the literal's
 * type, so compare such elements with a literal of the same type ({@code 1.0}) or convert them
 * ({@code int(...)}, {@code double(...)}). The forms the KFP SDK compiles are unaffected.
 */
public final class ConditionEvaluator {

  private static final Pattern PARAMETER_REF =
      Pattern.compile("inputs\\.parameter_values\\[\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*]");
  private static final Pattern ARTIFACT_REF =
      Pattern.compile("inputs\\.artifacts\\[\\s*(?:'([^']*)'|\"([^\"]*)\")\\s*]");

  private ConditionEvaluator() {}

  /**
   * Whether a task with this condition runs.
   *
   * @throws ExpressionException when the condition does not compile, fails (e.g. names an input
   *     that has no value), or is not a bool
   */
  public static boolean evaluate(String condition, ExecutorInput input) throws ExpressionException {
    CelAbstractSyntaxTree ast = CelEnvironment.compileCondition(condition);
    Object result;
    try {
      result =
          CelEnvironment.RUNTIME
              .createProgram(ast)
              .eval(Map.of("inputs", inputs(input), "outputs", outputs(input)));
    } catch (CelEvaluationException e) {
      throw new ExpressionException(
          "condition '" + condition + "' failed: " + explain(e, condition, input), e);
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        "condition '" + condition + "' must give true or false, got " + describe(result));
  }

  /**
   * Applies a {@code parameterExpressionSelector} to a resolved input value, e.g. {@code
   * parseJson(string_value)["a"]} on {@code {"a": 1}} gives {@code 1}.
   *
   * @throws ExpressionException when the selector does not compile or fails on this value
   */
  public static JsonValue select(String selector, JsonValue value) throws ExpressionException {
    CelAbstractSyntaxTree ast = CelEnvironment.compileSelector(selector);
    Map<String, Object> vars = new LinkedHashMap<>();
    switch (value) {
      case JsonValue.Null n -> vars.put("null_value", dev.cel.common.values.NullValue.NULL_VALUE);
      case JsonValue.Num n -> vars.put("number_value", n.value());
      case JsonValue.Bool b -> vars.put("bool_value", b.value());
      case JsonValue.Obj o -> vars.put("struct_value", CelValues.toCel(o));
      case JsonValue.Arr a -> vars.put("list_value", CelValues.toCel(a));
      case JsonValue.Str s -> {}
    }
    // Like KFP, every value can also be read as text (JSON for lists and structs).
    vars.put("string_value", ParameterValues.format(value));
    try {
      return CelValues.fromCel(CelEnvironment.RUNTIME.createProgram(ast).eval(vars));
    } catch (CelEvaluationException e) {
      throw new ExpressionException(
          "selector '"
              + selector
              + "' failed on "
              + abbreviate(value.toJson())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Compiles a condition without running it.
   *
   * @throws ExpressionException naming the first error and its column
   */
  public static void checkCondition(String condition) throws ExpressionException {
    CelEnvironment.compileCondition(condition);
  }

  /**
   * Compiles a selector without running it.
   *
   * @throws ExpressionException naming the first error and its column
   */
  public static void checkSelector(String selector) throws ExpressionException {
    CelEnvironment.compileSelector(selector);
  }

  /** The names used as {@code inputs.parameter_values['name']} in an expression. */
  public static List<String> referencedParameters(String expression) {
    return names(PARAMETER_REF.matcher(expression));
  }

  /** The names used as {@code inputs.artifacts['name']} in an expression. */
  public static List<String> referencedArtifacts(String expression) {
    return names(ARTIFACT_REF.matcher(expression));
  }

  private static List<String> names(Matcher m) {
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  private static String explain(CelEvaluationException e, String condition, ExecutorInput input) {
    for (String name : referencedParameters(condition)) {
      if (!input.inputs().parameterValues().containsKey(name)) {
        return "input parameter '" + name + "' has no value";
      }
    }
    for (String name : referencedArtifacts(condition)) {
      if (!input.inputs().artifacts().containsKey(name)) {
        return "input artifact '" + name + "' has no value";
      }
    }
    return e.getMessage();
  }

  private static Map<String, Object> inputs(ExecutorInput input) {
    Map<String, Object> values = new LinkedHashMap<>();
    input.inputs().parameterValues().forEach((k, v) -> values.put(k, CelValues.toCel(v)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("parameters", Map.of());
    out.put("artifacts", artifacts(input.inputs().artifacts()));
    out.put("parameter_values", values);
    return out;
  }

  private static Map<String, Object> outputs(ExecutorInput input) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    input.outputs().parameterFiles().forEach((k, v) -> parameters.put(k, Map.of("output_file", v)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("parameters", parameters);
    out.put("artifacts", artifacts(input.outputs().artifacts()));
    out.put("output_file", input.outputs().outputFile());
    return out;
  }

  private static Map<String, Object> artifacts(Map<String, List<RuntimeArtifact>> artifacts) {
    Map<String, Object> out = new LinkedHashMap<>();
    artifacts.forEach(
        (name, list) -> {
          List<Object> items = new ArrayList<>();
          for (RuntimeArtifact a : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("type", CelValues.typeSchema(a.type()));
            m.put("uri", a.uri());
            m.put("properties", Map.of());
            m.put("custom_properties", Map.of());
            m.put("metadata", CelValues.toCel(a.metadata()));
            m.put("custom_path", a.customPath().orElse(""));
            items.add(m);
          }
          out.put(name, Map.of("artifacts", items));
        });
    return out;
  }

  private static String describe(Object result) {
    try {
      return abbreviate(CelValues.fromCel(result).toJson());
    } catch (ExpressionException e) {
      return String.valueOf(result);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
