package dev.skiff.engine.launch;

import dev.skiff.pipeline.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the parameters of a step's Kubernetes platform settings ({@code secretNameParameter},
 * {@code pvcNameParameter}, {@code nodeSelectorJson}, ...) in the step's DAG instance, as KFP's
 * driver does: {@code componentInputParameter} from the enclosing DAG's inputs, {@code
 * taskOutputParameter} from a sibling's outputs. Each resolved parameter becomes {@code
 * {runtimeValue: {constant: v}}}, so an executor on a cluster needs nothing but the launch; one
 * whose value is absent (an optional pipeline input left out, a producer that wrote nothing) is
 * left as it was for the executor to skip or refuse. Pure.
 */
public final class PlatformInputs {
  private PlatformInputs() {}

  /** Where a step's parameters come from. */
  public interface Scope {
    /** An input of the enclosing DAG (the pipeline's parameters at the root). */
    Optional<JsonValue> dagInput(String name);

    /** An output parameter of a sibling task. */
    Optional<JsonValue> taskOutput(String producerTask, String key);
  }

  /**
   * {@code platformSpec} with the parameters of executor {@code executorLabel} resolved; the same
   * document when it has none.
   */
  public static JsonValue.Obj resolve(
      JsonValue.Obj platformSpec, String executorLabel, Scope scope) {
    Optional<JsonValue.Obj> executor = KubernetesEnv.executorConfig(platformSpec, executorLabel);
    if (executor.isEmpty()) {
      return platformSpec;
    }
    JsonValue resolved = walk(executor.get(), scope);
    return (JsonValue.Obj)
        replace(
            platformSpec,
            List.of("platforms", "kubernetes", "deploymentSpec", "executors", executorLabel),
            0,
            resolved);
  }

  private static JsonValue walk(JsonValue v, Scope scope) {
    if (v instanceof JsonValue.Arr a) {
      List<JsonValue> items = new ArrayList<>();
      a.items().forEach(i -> items.add(walk(i, scope)));
      return new JsonValue.Arr(items);
    }
    if (!(v instanceof JsonValue.Obj o)) {
      return v;
    }
    Optional<JsonValue> value = parameter(o, scope);
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    o.fields().forEach((k, child) -> fields.put(k, walk(child, scope)));
    if (value.isPresent()) {
      // the parameter's own oneof (pvcMount carries it on the item itself) becomes a constant
      fields.remove("componentInputParameter");
      fields.remove("taskOutputParameter");
      fields.put("runtimeValue", JsonValue.struct(Map.of("constant", value.get())));
    }
    return new JsonValue.Obj(fields);
  }

  private static Optional<JsonValue> parameter(JsonValue.Obj o, Scope scope) {
    if (o.get("componentInputParameter") instanceof JsonValue.Str name) {
      return scope.dagInput(name.value());
    }
    if (o.get("taskOutputParameter") instanceof JsonValue.Obj to
        && to.get("producerTask") instanceof JsonValue.Str producer
        && to.get("outputParameterKey") instanceof JsonValue.Str key) {
      return scope.taskOutput(producer.value(), key.value());
    }
    return Optional.empty();
  }

  private static JsonValue replace(JsonValue.Obj o, List<String> path, int i, JsonValue value) {
    Map<String, JsonValue> fields = new LinkedHashMap<>(o.fields());
    String key = path.get(i);
    fields.put(
        key,
        i == path.size() - 1 ? value : replace((JsonValue.Obj) o.get(key), path, i + 1, value));
    return new JsonValue.Obj(fields);
  }
}
