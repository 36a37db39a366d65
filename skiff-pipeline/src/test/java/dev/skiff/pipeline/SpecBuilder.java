package dev.skiff.pipeline;

import dev.skiff.pipeline.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds pipeline specs as JSON text for tests that need shapes too big or too many for fixture
 * files: chains of components, long names. Every container task runs {@code comp-leaf}.
 */
final class SpecBuilder {

  private final Map<String, JsonValue> components = new LinkedHashMap<>();
  private final Map<String, JsonValue> rootTasks = new LinkedHashMap<>();
  private String name = "hostile";
  private String displayName = "";

  SpecBuilder() {
    components.put(
        "comp-leaf",
        obj(
            "executorLabel", JsonValue.of("exec-leaf"),
            "outputDefinitions",
                obj("parameters", obj("Output", obj("parameterType", JsonValue.of("STRING"))))));
  }

  SpecBuilder name(String pipelineName) {
    this.name = pipelineName;
    return this;
  }

  SpecBuilder displayName(String value) {
    this.displayName = value;
    return this;
  }

  /** A root task {@code key} running {@code component}. */
  SpecBuilder rootTask(String key, JsonValue task) {
    rootTasks.put(key, task);
    return this;
  }

  /** A DAG component whose tasks are given. */
  SpecBuilder dagComponent(String component, Map<String, JsonValue> tasks) {
    components.put(
        component,
        obj(
            "dag", obj("tasks", JsonValue.struct(tasks)),
            "inputDefinitions",
                obj(
                    "parameters",
                    obj(
                        "item",
                        obj(
                            "parameterType", JsonValue.of("STRING"),
                            "isOptional", JsonValue.of(true))))));
    return this;
  }

  /** Any component. */
  SpecBuilder component(String component, JsonValue spec) {
    components.put(component, spec);
    return this;
  }

  /** A task running {@code component}. */
  static JsonValue task(String component) {
    return obj("componentRef", obj("name", JsonValue.of(component)));
  }

  /** A ParallelFor task over one raw item, running the DAG {@code component}. */
  static JsonValue loopTask(String component) {
    return obj(
        "componentRef", obj("name", JsonValue.of(component)),
        "parameterIterator",
            obj("itemInput", JsonValue.of("item"), "items", obj("raw", JsonValue.of("[1]"))));
  }

  /** A task with a display name. */
  static JsonValue namedTask(String component, String displayName) {
    return obj(
        "componentRef", obj("name", JsonValue.of(component)),
        "taskInfo", obj("name", JsonValue.of(displayName)));
  }

  String json() {
    return obj(
            "pipelineInfo",
                obj("name", JsonValue.of(name), "displayName", JsonValue.of(displayName)),
            "root", obj("dag", obj("tasks", JsonValue.struct(rootTasks))),
            "components", JsonValue.struct(components),
            "deploymentSpec",
                obj(
                    "executors",
                    obj(
                        "exec-leaf",
                        obj(
                            "container",
                            obj(
                                "image", JsonValue.of("alpine"),
                                "command", JsonValue.list(List.of(JsonValue.of("true"))))))),
            "schemaVersion", JsonValue.of("2.1.0"))
        .toJson();
  }

  static JsonValue obj(Object... keysAndValues) {
    Map<String, JsonValue> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.put((String) keysAndValues[i], (JsonValue) keysAndValues[i + 1]);
    }
    return JsonValue.struct(fields);
  }
}
