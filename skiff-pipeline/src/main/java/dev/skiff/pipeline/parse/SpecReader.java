package dev.skiff.pipeline.parse;

import static dev.skiff.pipeline.parse.FieldReader.child;
import static dev.skiff.pipeline.parse.FieldReader.obj;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.ComponentImpl;
import dev.skiff.pipeline.model.ComponentInputs;
import dev.skiff.pipeline.model.ComponentOutputs;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.DagOutputs;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.ExecutorRef;
import dev.skiff.pipeline.model.InputArtifactSpec;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.OutputArtifactSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.PipelineInfo;
import dev.skiff.pipeline.model.PipelineSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the first document of a pipeline file into a {@link PipelineSpec}, reporting fields of the
 * wrong shape (wrong JSON type, unknown enum value, missing required field) as problems.
 */
final class SpecReader {

  private final FieldReader f;
  private final TaskReader tasks;
  private final ExecutorReader executors;

  SpecReader(FieldReader fields) {
    this.f = fields;
    this.tasks = new TaskReader(fields);
    this.executors = new ExecutorReader(fields, this);
  }

  PipelineSpec read(JsonValue.Obj doc) {
    PipelineInfo info = f.object(doc, "", "pipelineInfo").map(this::info).orElse(null);
    if (info == null) {
      f.problem("pipelineInfo", "pipelineInfo is required");
      info = new PipelineInfo("", "", "");
    }
    ComponentSpec root =
        f.object(doc, "", "root").map(r -> component(r.path(), obj(r))).orElse(null);
    if (root == null) {
      f.problem("root", "root is required");
      root = new ComponentSpec(ComponentInputs.NONE, ComponentOutputs.NONE, new ExecutorRef(""));
    }
    Map<String, ComponentSpec> components =
        f.map(doc, "", "components", (path, key, value) -> component(path, value));
    var deployment = f.object(doc, "", "deploymentSpec");
    var executorMap =
        deployment.map(d -> f.map(obj(d), d.path(), "executors", executors::read)).orElse(Map.of());
    return new PipelineSpec(
        info,
        root,
        components,
        executorMap,
        f.string(doc, "", "schemaVersion"),
        f.string(doc, "", "sdkVersion"),
        f.optionalString(doc, "", "defaultPipelineRoot"));
  }

  private PipelineInfo info(FieldReader.Field field) {
    JsonValue.Obj o = obj(field);
    String name = f.string(o, field.path(), "name");
    if (name.isBlank()) {
      f.problem(child(field.path(), "name"), "pipelineInfo.name is required (the pipeline name)");
    }
    return new PipelineInfo(
        name, f.string(o, field.path(), "displayName"), f.string(o, field.path(), "description"));
  }

  ComponentSpec component(String path, JsonValue.Obj o) {
    ComponentInputs inputs =
        f.object(o, path, "inputDefinitions")
            .map(d -> inputs(d.path(), obj(d)))
            .orElse(ComponentInputs.NONE);
    ComponentOutputs outputs =
        f.object(o, path, "outputDefinitions")
            .map(d -> outputs(d.path(), obj(d)))
            .orElse(ComponentOutputs.NONE);
    return new ComponentSpec(inputs, outputs, implementation(path, o));
  }

  private ComponentImpl implementation(String path, JsonValue.Obj o) {
    Optional<FieldReader.Field> dag = f.object(o, path, "dag");
    String label = f.string(o, path, "executorLabel");
    if (dag.isPresent() && !label.isEmpty()) {
      f.problem(path, "a component has either a dag or an executorLabel, not both");
    }
    if (dag.isPresent()) {
      return dag(dag.get().path(), obj(dag.get()));
    }
    if (label.isEmpty() && !f.has(o, "executorLabel") && !f.has(o, "dag")) {
      f.problem(path, "component has neither a dag nor an executorLabel");
    }
    return new ExecutorRef(label);
  }

  private DagSpec dag(String path, JsonValue.Obj o) {
    var taskMap = f.map(o, path, "tasks", tasks::read);
    DagOutputs outputs =
        f.object(o, path, "outputs").map(d -> dagOutputs(d.path(), obj(d))).orElse(DagOutputs.NONE);
    return new DagSpec(taskMap, outputs);
  }

  private DagOutputs dagOutputs(String path, JsonValue.Obj o) {
    Map<String, DagOutputs.DagOutputParameter> parameters =
        f.map(o, path, "parameters", this::dagOutputParameter);
    Map<String, List<DagOutputs.ArtifactSelector>> artifacts =
        f.map(
            o,
            path,
            "artifacts",
            (p, key, value) ->
                f.objects(
                    value,
                    p,
                    "artifactSelectors",
                    (sp, s) ->
                        new DagOutputs.ArtifactSelector(
                            f.requiredString(s, sp, "producerSubtask"),
                            f.requiredString(s, sp, "outputArtifactKey"))));
    return new DagOutputs(parameters, artifacts);
  }

  private DagOutputs.DagOutputParameter dagOutputParameter(
      String path, String key, JsonValue.Obj o) {
    Optional<FieldReader.Field> single = f.object(o, path, "valueFromParameter");
    Optional<FieldReader.Field> oneOf = f.object(o, path, "valueFromOneof");
    if (single.isPresent() && oneOf.isPresent()) {
      f.problem(path, "has both valueFromParameter and valueFromOneof");
    }
    if (single.isPresent()) {
      return new DagOutputs.FromParameter(
          parameterSelector(single.get().path(), obj(single.get())));
    }
    if (oneOf.isPresent()) {
      return new DagOutputs.FromOneOf(
          f.objects(
              obj(oneOf.get()), oneOf.get().path(), "parameterSelectors", this::parameterSelector));
    }
    f.problem(path, "DAG output has neither valueFromParameter nor valueFromOneof");
    return new DagOutputs.FromOneOf(List.of());
  }

  private DagOutputs.ParameterSelector parameterSelector(String path, JsonValue.Obj o) {
    return new DagOutputs.ParameterSelector(
        f.requiredString(o, path, "producerSubtask"),
        f.requiredString(o, path, "outputParameterKey"));
  }

  private ComponentInputs inputs(String path, JsonValue.Obj o) {
    Map<String, InputParameterSpec> parameters =
        f.map(
            o,
            path,
            "parameters",
            (p, key, v) ->
                new InputParameterSpec(
                    parameterType(p, v),
                    f.field(v, p, "defaultValue").map(FieldReader.Field::value),
                    f.bool(v, p, "isOptional"),
                    f.string(v, p, "description"),
                    literals(v, p)));
    Map<String, InputArtifactSpec> artifacts =
        f.map(
            o,
            path,
            "artifacts",
            (p, key, v) ->
                new InputArtifactSpec(
                    artifactType(v, p, "artifactType"),
                    f.bool(v, p, "isArtifactList"),
                    f.bool(v, p, "isOptional"),
                    f.string(v, p, "description")));
    return new ComponentInputs(parameters, artifacts);
  }

  private List<JsonValue> literals(JsonValue.Obj o, String path) {
    return f.field(o, path, "literals")
        .map(
            l -> {
              if (l.value() instanceof JsonValue.Arr a) {
                return a.items();
              }
              f.problem(l.path(), "expected a list, got a " + l.value().kind());
              return List.<JsonValue>of();
            })
        .orElse(List.of());
  }

  private ComponentOutputs outputs(String path, JsonValue.Obj o) {
    Map<String, OutputParameterSpec> parameters =
        f.map(
            o,
            path,
            "parameters",
            (p, key, v) ->
                new OutputParameterSpec(parameterType(p, v), f.string(v, p, "description")));
    Map<String, OutputArtifactSpec> artifacts =
        f.map(
            o,
            path,
            "artifacts",
            (p, key, v) ->
                new OutputArtifactSpec(
                    artifactType(v, p, "artifactType"),
                    f.bool(v, p, "isArtifactList"),
                    f.object(v, p, "metadata").map(FieldReader::obj).orElse(JsonValue.Obj.EMPTY),
                    f.string(v, p, "description")));
    return new ComponentOutputs(parameters, artifacts);
  }

  /** {@code parameterType}, else the deprecated {@code type}, else UNSPECIFIED. */
  private ParameterType parameterType(String path, JsonValue.Obj o) {
    Optional<FieldReader.Field> current = f.field(o, path, "parameterType");
    if (current.isPresent()) {
      String text = enumText(current.get());
      return ParameterType.fromIr(text)
          .orElseGet(
              () -> {
                f.problem(
                    current.get().path(),
                    "unknown parameterType '"
                        + text
                        + "' (expected one of "
                        + Arrays.toString(ParameterType.values()).replaceAll("[\\[\\]]", "")
                        + ")");
                return ParameterType.UNSPECIFIED;
              });
    }
    Optional<FieldReader.Field> legacy = f.field(o, path, "type");
    if (legacy.isPresent()) {
      String text = enumText(legacy.get());
      return ParameterType.fromLegacy(text)
          .orElseGet(
              () -> {
                f.problem(
                    legacy.get().path(),
                    "unknown type '" + text + "' (expected INT, DOUBLE or STRING)");
                return ParameterType.UNSPECIFIED;
              });
    }
    return ParameterType.UNSPECIFIED;
  }

  /** Enum values are names, or numbers in protobuf JSON. */
  static String enumText(FieldReader.Field field) {
    return switch (field.value()) {
      case JsonValue.Str s -> s.value();
      case JsonValue.Num n -> n.toJson();
      default -> field.value().kind();
    };
  }

  ArtifactType artifactType(JsonValue.Obj parent, String path, String name) {
    return f.object(parent, path, name)
        .map(
            t ->
                new ArtifactType(
                    f.string(obj(t), t.path(), "schemaTitle"),
                    f.string(obj(t), t.path(), "schemaVersion"),
                    f.string(obj(t), t.path(), "instanceSchema")))
        .orElse(new ArtifactType("", "", ""));
  }
}
