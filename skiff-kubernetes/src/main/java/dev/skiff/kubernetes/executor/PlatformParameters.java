package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.pipeline.json.JsonValue;
import java.util.Optional;

/**
 * Resolves the parameters of a step's Kubernetes platform document ({@code secretNameParameter},
 * {@code pvcNameParameter}, {@code nodeSelectorJson}, ...) to values, as KFP's driver does. A
 * parameter is {@code {runtimeValue: {constant: v}}}, the deprecated {@code {constant: v}}, {@code
 * {componentInputParameter: name}} (the step's own inputs, also under KFP's {@code
 * pipelinechannel--} prefix) or {@code {taskOutputParameter: {...}}}. The engine replaces the
 * parameters it resolves in the enclosing DAG (sibling outputs, the DAG's inputs) by {@code
 * runtimeValue} constants; one still naming a task output here cannot be resolved.
 */
final class PlatformParameters {
  private final StepLaunch launch;

  PlatformParameters(StepLaunch launch) {
    this.launch = launch;
  }

  /**
   * The parameter's value; empty when it names an input that has no value (an optional pipeline
   * input left out), so that optional settings are skipped as KFP skips them.
   *
   * @param where the field, for messages, e.g. {@code secretAsEnv[0].secretNameParameter}
   * @throws PodRefusedException when the parameter has no form this executor knows
   */
  Optional<JsonValue> value(JsonValue parameter, String where) throws PodRefusedException {
    if (!(parameter instanceof JsonValue.Obj p)) {
      throw new PodRefusedException("kubernetes platform setting " + where + " is not an object");
    }
    if (p.get("runtimeValue") instanceof JsonValue.Obj rv && rv.get("constant") != null) {
      return present(rv.get("constant"));
    }
    if (p.get("constant") != null) {
      return present(p.get("constant"));
    }
    if (p.get("componentInputParameter") instanceof JsonValue.Str name) {
      var params = launch.executorInput().inputs().parameterValues();
      JsonValue v = params.get(name.value());
      if (v == null) {
        v = params.get("pipelinechannel--" + name.value());
      }
      return v == null ? Optional.empty() : present(v);
    }
    if (p.get("taskOutputParameter") instanceof JsonValue.Obj to) {
      throw new PodRefusedException(
          "kubernetes platform setting "
              + where
              + " names the output of task '"
              + text(to.get("producerTask"))
              + "', which was not resolved before the step was launched");
    }
    throw new PodRefusedException(
        "kubernetes platform setting " + where + " has no value (" + p.toJson() + ")");
  }

  /** The parameter's value as text (a string as it is, anything else as JSON). */
  Optional<String> text(JsonValue parameter, String where) throws PodRefusedException {
    return value(parameter, where).map(PlatformParameters::text);
  }

  /**
   * A name given either by a parameter ({@code <field>Parameter}) or by the deprecated plain field
   * ({@code <field>}); the parameter wins.
   */
  Optional<String> name(JsonValue.Obj item, String field, String where) throws PodRefusedException {
    JsonValue parameter = item.get(field + "Parameter");
    if (parameter != null) {
      return text(parameter, where + "." + field + "Parameter").filter(s -> !s.isEmpty());
    }
    // pvcMount's deprecated oneof sits on the item itself
    if (item.get("taskOutputParameter") != null
        || item.get("componentInputParameter") != null
        || item.get("constant") != null) {
      return text(item, where).filter(s -> !s.isEmpty());
    }
    return item.get(field) instanceof JsonValue.Str s && !s.value().isEmpty()
        ? Optional.of(s.value())
        : Optional.empty();
  }

  static String text(JsonValue v) {
    return v instanceof JsonValue.Str s ? s.value() : v == null ? "" : v.toJson();
  }

  private static Optional<JsonValue> present(JsonValue v) {
    return v instanceof JsonValue.Null ? Optional.empty() : Optional.of(v);
  }
}
