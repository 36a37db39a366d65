package dev.skiff.pipeline.parse;

import static dev.skiff.pipeline.parse.FieldReader.child;
import static dev.skiff.pipeline.parse.FieldReader.obj;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactSource;
import dev.skiff.pipeline.model.CachingOptions;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.RetryPolicy;
import dev.skiff.pipeline.model.TaskIterator;
import dev.skiff.pipeline.model.TaskParameter;
import dev.skiff.pipeline.model.TriggerPolicy;
import dev.skiff.pipeline.model.TriggerStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads one {@code dag.tasks.<key>} entry into a {@link PipelineTask}. */
final class TaskReader {

  private static final List<String> PARAMETER_KINDS =
      List.of("componentInputParameter", "taskOutputParameter", "runtimeValue", "taskFinalStatus");

  private final FieldReader f;

  TaskReader(FieldReader fields) {
    this.f = fields;
  }

  PipelineTask read(String path, String key, JsonValue.Obj o) {
    String name =
        f.object(o, path, "taskInfo").map(t -> f.string(obj(t), t.path(), "name")).orElse("");
    String componentRef =
        f.object(o, path, "componentRef")
            .map(c -> f.requiredString(obj(c), c.path(), "name"))
            .orElse("");
    if (componentRef.isEmpty() && !f.has(o, "componentRef")) {
      f.problem(path, "task has no componentRef");
    }
    Optional<FieldReader.Field> inputs = f.object(o, path, "inputs");
    Map<String, TaskParameter> parameters =
        inputs.map(i -> f.map(obj(i), i.path(), "parameters", this::parameter)).orElse(Map.of());
    Map<String, ArtifactSource> artifacts =
        inputs.map(i -> f.map(obj(i), i.path(), "artifacts", this::artifact)).orElse(Map.of());
    return new PipelineTask(
        key,
        name.isEmpty() ? key : name,
        componentRef,
        f.strings(o, path, "dependentTasks"),
        parameters,
        artifacts,
        f.object(o, path, "triggerPolicy").map(t -> trigger(t.path(), obj(t))),
        iterator(path, o),
        f.object(o, path, "retryPolicy").map(r -> retry(r.path(), obj(r))),
        f.object(o, path, "cachingOptions")
            .map(
                c ->
                    new CachingOptions(
                        f.bool(obj(c), c.path(), "enableCache"),
                        f.optionalString(obj(c), c.path(), "cacheKey")))
            .orElse(CachingOptions.DISABLED));
  }

  private TaskParameter parameter(String path, String key, JsonValue.Obj o) {
    List<String> kinds = new ArrayList<>();
    for (String kind : PARAMETER_KINDS) {
      if (f.field(o, path, kind).isPresent()) {
        kinds.add(kind);
      }
    }
    Optional<String> selector = f.optionalString(o, path, "parameterExpressionSelector");
    if (kinds.size() != 1) {
      f.problem(
          path,
          kinds.isEmpty()
              ? "input parameter has no source (expected one of "
                  + String.join(", ", PARAMETER_KINDS)
                  + ")"
              : "input parameter has more than one source: " + String.join(", ", kinds));
      return new TaskParameter(new ParameterSource.Constant(JsonValue.Null.INSTANCE), selector);
    }
    String kind = kinds.getFirst();
    String kindPath = child(path, FieldReader.keyOf(o, kind).orElse(kind));
    ParameterSource source =
        switch (kind) {
          case "componentInputParameter" ->
              new ParameterSource.ComponentInput(f.string(o, path, kind));
          case "taskOutputParameter" ->
              f.object(o, path, kind)
                  .map(
                      t ->
                          (ParameterSource)
                              new ParameterSource.TaskOutput(
                                  f.requiredString(obj(t), t.path(), "producerTask"),
                                  f.requiredString(obj(t), t.path(), "outputParameterKey")))
                  .orElse(new ParameterSource.TaskOutput("", ""));
          case "taskFinalStatus" ->
              f.object(o, path, kind)
                  .map(
                      t ->
                          (ParameterSource)
                              new ParameterSource.TaskFinalStatus(
                                  f.requiredString(obj(t), t.path(), "producerTask")))
                  .orElse(new ParameterSource.TaskFinalStatus(""));
          default ->
              f.object(o, path, kind)
                  .map(r -> runtimeValue(r.path(), obj(r)))
                  .orElseGet(
                      () -> {
                        f.problem(kindPath, "runtimeValue must be a mapping");
                        return new ParameterSource.Constant(JsonValue.Null.INSTANCE);
                      });
        };
    return new TaskParameter(source, selector);
  }

  /**
   * {@code runtimeValue}: {@code constant}, deprecated {@code constantValue}, or legacy parameter.
   */
  private ParameterSource runtimeValue(String path, JsonValue.Obj o) {
    if (f.has(o, "constant")) {
      // A null constant is a real value (protobuf NullValue), so read the raw field.
      return new ParameterSource.Constant(o.get(FieldReader.keyOf(o, "constant").orElseThrow()));
    }
    Optional<FieldReader.Field> legacy = f.object(o, path, "constantValue");
    if (legacy.isPresent()) {
      JsonValue.Obj v = obj(legacy.get());
      String lp = legacy.get().path();
      if (f.has(v, "intValue")) {
        return new ParameterSource.Constant(JsonValue.of((double) f.integer(v, lp, "intValue")));
      }
      if (f.has(v, "doubleValue")) {
        return new ParameterSource.Constant(JsonValue.of(f.number(v, lp, "doubleValue")));
      }
      return new ParameterSource.Constant(JsonValue.of(f.string(v, lp, "stringValue")));
    }
    Optional<String> runtimeParameter = f.optionalString(o, path, "runtimeParameter");
    if (runtimeParameter.isPresent()) {
      return new ParameterSource.RuntimeParameter(runtimeParameter.get());
    }
    f.problem(path, "runtimeValue has no constant");
    return new ParameterSource.Constant(JsonValue.Null.INSTANCE);
  }

  private ArtifactSource artifact(String path, String key, JsonValue.Obj o) {
    Optional<FieldReader.Field> output = f.object(o, path, "taskOutputArtifact");
    Optional<String> input = f.optionalString(o, path, "componentInputArtifact");
    if (output.isPresent() == input.isPresent()) {
      f.problem(
          path,
          output.isPresent()
              ? "input artifact has both taskOutputArtifact and componentInputArtifact"
              : "input artifact has no source (expected taskOutputArtifact or componentInputArtifact)");
    }
    if (output.isPresent()) {
      JsonValue.Obj t = obj(output.get());
      return new ArtifactSource.TaskOutputArtifact(
          f.requiredString(t, output.get().path(), "producerTask"),
          f.requiredString(t, output.get().path(), "outputArtifactKey"));
    }
    return new ArtifactSource.ComponentInputArtifact(input.orElse(""));
  }

  private TriggerPolicy trigger(String path, JsonValue.Obj o) {
    TriggerStrategy strategy = TriggerStrategy.ALL_UPSTREAM_TASKS_SUCCEEDED;
    Optional<FieldReader.Field> s = f.field(o, path, "strategy");
    if (s.isPresent()) {
      String text = SpecReader.enumText(s.get());
      switch (text) {
        case "ALL_UPSTREAM_TASKS_COMPLETED", "2" ->
            strategy = TriggerStrategy.ALL_UPSTREAM_TASKS_COMPLETED;
        case "ALL_UPSTREAM_TASKS_SUCCEEDED", "TRIGGER_STRATEGY_UNSPECIFIED", "1", "0" -> {}
        default ->
            f.problem(
                s.get().path(),
                "unknown trigger strategy '"
                    + text
                    + "' (expected ALL_UPSTREAM_TASKS_SUCCEEDED or ALL_UPSTREAM_TASKS_COMPLETED)");
      }
    }
    return new TriggerPolicy(f.optionalString(o, path, "condition"), strategy);
  }

  private Optional<TaskIterator> iterator(String path, JsonValue.Obj task) {
    Optional<FieldReader.Field> params = f.object(task, path, "parameterIterator");
    Optional<FieldReader.Field> arts = f.object(task, path, "artifactIterator");
    int limit =
        f.object(task, path, "iteratorPolicy")
            .map(p -> (int) f.integer(obj(p), p.path(), "parallelismLimit"))
            .orElse(0);
    if (params.isPresent() && arts.isPresent()) {
      f.problem(path, "task has both parameterIterator and artifactIterator");
    }
    if (params.isPresent()) {
      String p = params.get().path();
      JsonValue.Obj o = obj(params.get());
      TaskIterator.ParameterItems items =
          f.object(o, p, "items")
              .map(
                  i -> {
                    JsonValue.Obj io = obj(i);
                    if (f.has(io, "raw")) {
                      return (TaskIterator.ParameterItems)
                          new TaskIterator.Raw(f.string(io, i.path(), "raw"));
                    }
                    if (f.has(io, "inputParameter")) {
                      return new TaskIterator.InputParameter(
                          f.string(io, i.path(), "inputParameter"));
                    }
                    f.problem(i.path(), "items needs raw or inputParameter");
                    return new TaskIterator.Raw("[]");
                  })
              .orElseGet(
                  () -> {
                    f.problem(p, "parameterIterator has no items");
                    return new TaskIterator.Raw("[]");
                  });
      return Optional.of(
          new TaskIterator.ParameterIterator(items, f.requiredString(o, p, "itemInput"), limit));
    }
    if (arts.isPresent()) {
      String p = arts.get().path();
      JsonValue.Obj o = obj(arts.get());
      String input =
          f.object(o, p, "items")
              .map(i -> f.requiredString(obj(i), i.path(), "inputArtifact"))
              .orElseGet(
                  () -> {
                    f.problem(p, "artifactIterator has no items");
                    return "";
                  });
      return Optional.of(
          new TaskIterator.ArtifactIterator(input, f.requiredString(o, p, "itemInput"), limit));
    }
    return Optional.empty();
  }

  private RetryPolicy retry(String path, JsonValue.Obj o) {
    double factor = f.number(o, path, "backoffFactor");
    Duration max = f.duration(o, path, "backoffMaxDuration").orElse(Duration.ZERO);
    return new RetryPolicy(
        (int) f.integer(o, path, "maxRetryCount"),
        f.duration(o, path, "backoffDuration").orElse(Duration.ZERO),
        factor == 0 ? RetryPolicy.DEFAULT_BACKOFF_FACTOR : factor,
        max.isZero() ? RetryPolicy.DEFAULT_BACKOFF_MAX : max);
  }
}
