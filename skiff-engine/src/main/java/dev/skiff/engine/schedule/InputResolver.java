package dev.skiff.engine.schedule;

import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunSnapshot;
import dev.skiff.engine.run.TaskPaths;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.expr.ConditionEvaluator;
import dev.skiff.pipeline.expr.ExpressionException;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactSource;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.InputArtifactSpec;
import dev.skiff.pipeline.model.InputParameterSpec;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.TaskParameter;
import dev.skiff.pipeline.model.TriggerStrategy;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import dev.skiff.pipeline.placeholder.RunInfo;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.pipeline.value.ParameterValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Resolves a task's inputs inside one DAG instance, as KFP's driver does ({@code
 * driver/resolve.go}): from the enclosing DAG's inputs, sibling outputs, sibling final states and
 * constants (with run-value placeholders), then selectors, then the component's declared types and
 * defaults. Pure.
 */
public final class InputResolver {
  private InputResolver() {}

  /** An input that cannot be resolved; the task fails with this message. */
  public static final class InputException extends Exception {
    InputException(String message) {
      super(message);
    }
  }

  /**
   * The DAG instance a task lives in.
   *
   * @param path the instance's path ({@code ""} for the root)
   * @param inputs its resolved inputs (the pipeline parameters for the root)
   */
  public record Scope(String path, TaskValues inputs) {}

  /**
   * Resolves the inputs of {@code task}.
   *
   * @throws InputException naming the input and why
   */
  public static TaskValues resolve(
      PipelineTask task, ComponentSpec component, Scope scope, RunSnapshot snapshot)
      throws InputException {
    // ignore_upstream_failure: an input fed by a task that did not succeed takes its default
    boolean upstreamMayFail = task.strategy() == TriggerStrategy.ALL_UPSTREAM_TASKS_COMPLETED;
    Map<String, JsonValue> params = new LinkedHashMap<>();
    // Constants may name the other inputs ({{$.inputs.parameters['x']}} from f-strings): last.
    for (Map.Entry<String, TaskParameter> e : task.parameters().entrySet()) {
      if (!(e.getValue().source() instanceof ParameterSource.Constant)) {
        InputParameterSpec spec = component.inputDefinitions().parameters().get(e.getKey());
        boolean mayFallBack =
            upstreamMayFail
                && spec != null
                && (spec.defaultValue().isPresent() || spec.isOptional());
        JsonValue v = parameter(e.getKey(), e.getValue().source(), scope, snapshot, mayFallBack);
        if (v != null) {
          params.put(e.getKey(), select(e.getKey(), e.getValue(), v));
        }
      }
    }
    RunInfo runInfo = runInfo(snapshot.run(), TaskPaths.child(scope.path(), task.key()), task);
    for (Map.Entry<String, TaskParameter> e : task.parameters().entrySet()) {
      if (e.getValue().source() instanceof ParameterSource.Constant c) {
        JsonValue v = PlaceholderResolver.resolveConstant(c.value(), params, runInfo);
        params.put(e.getKey(), select(e.getKey(), e.getValue(), v));
      }
    }
    Map<String, JsonValue> typed = new LinkedHashMap<>();
    for (Map.Entry<String, JsonValue> e : params.entrySet()) {
      InputParameterSpec spec = component.inputDefinitions().parameters().get(e.getKey());
      typed.put(e.getKey(), spec == null ? e.getValue() : coerce(e.getKey(), e.getValue(), spec));
    }
    component
        .inputDefinitions()
        .parameters()
        .forEach((name, spec) -> spec.defaultValue().ifPresent(d -> typed.putIfAbsent(name, d)));

    Map<String, List<RuntimeArtifact>> artifacts = new LinkedHashMap<>();
    for (Map.Entry<String, ArtifactSource> e : task.artifacts().entrySet()) {
      InputArtifactSpec spec = component.inputDefinitions().artifacts().get(e.getKey());
      boolean mayBeAbsent = upstreamMayFail && spec != null && spec.isOptional();
      List<RuntimeArtifact> list = artifact(e.getKey(), e.getValue(), scope, snapshot, mayBeAbsent);
      if (list != null) {
        artifacts.put(e.getKey(), list);
      }
    }
    return new TaskValues(typed, artifacts);
  }

  /** The run values a task's placeholders may name ({@code {{$.pipeline_job_name}}} ...). */
  public static RunInfo runInfo(RunRecord run, String path, PipelineTask task) {
    return RunInfo.of(
            run.displayName(),
            run.id(),
            task.name(),
            UUID.nameUUIDFromBytes((run.id() + "/" + path).getBytes()).toString(),
            "")
        .with("pipeline_job_resource_name", run.resourceName())
        // KFP gives the creation time for runs that no schedule started
        .with("pipeline_job_create_time_utc", run.createdAt().toString())
        .with("pipeline_job_schedule_time_utc", run.createdAt().toString());
  }

  private static JsonValue parameter(
      String name, ParameterSource source, Scope scope, RunSnapshot snapshot, boolean mayFallBack)
      throws InputException {
    return switch (source) {
      case ParameterSource.Constant c -> c.value();
      case ParameterSource.ComponentInput ci -> scope.inputs().parameters().get(ci.inputName());
      case ParameterSource.RuntimeParameter rp -> scope.inputs().parameters().get(rp.inputName());
      case ParameterSource.TaskOutput to -> {
        TaskRun producer = sibling(name, to.producerTask(), scope, snapshot);
        JsonValue v = producer.outputs().parameters().get(to.outputParameterKey());
        if (v == null && mayFallBack && producer.state() != TaskState.SUCCEEDED) {
          yield null;
        }
        if (v == null) {
          throw new InputException(
              "input '"
                  + name
                  + "': task '"
                  + to.producerTask()
                  + "' ("
                  + producer.state()
                  + ") has no output parameter '"
                  + to.outputParameterKey()
                  + "'");
        }
        yield v;
      }
      case ParameterSource.TaskFinalStatus fs -> {
        TaskRun producer = sibling(name, fs.producerTask(), scope, snapshot);
        yield finalStatus(snapshot.run(), producer);
      }
    };
  }

  /**
   * KFP's {@code PipelineTaskFinalStatus} of a finished task, as the JSON struct a {@code
   * TASK_FINAL_STATUS} input receives.
   */
  public static JsonValue finalStatus(RunRecord run, TaskRun producer) {
    Map<String, JsonValue> error = new LinkedHashMap<>();
    if (producer.state() == TaskState.FAILED || producer.state() == TaskState.CANCELED) {
      // google.rpc.Code: 2 = UNKNOWN, 1 = CANCELLED, as KFP's driver fills them
      error.put("code", JsonValue.of(producer.state() == TaskState.CANCELED ? 1 : 2));
      error.put("message", JsonValue.of(producer.error().orElse(producer.state().name())));
    }
    Map<String, JsonValue> status = new LinkedHashMap<>();
    status.put("state", JsonValue.of(finalStatusState(producer.state())));
    status.put("error", JsonValue.struct(error));
    status.put("pipelineJobResourceName", JsonValue.of(run.resourceName()));
    status.put("pipelineTaskName", JsonValue.of(producer.displayName()));
    return JsonValue.struct(status);
  }

  /**
   * KFP's backend reports the producer's ML Metadata execution state ({@code COMPLETE} for a task
   * that succeeded, cached or not), not the task state the API shows.
   */
  private static String finalStatusState(TaskState state) {
    return state == TaskState.SUCCEEDED ? "COMPLETE" : state.name();
  }

  private static TaskRun sibling(String input, String key, Scope scope, RunSnapshot snapshot)
      throws InputException {
    return snapshot
        .task(TaskPaths.child(scope.path(), key))
        .orElseThrow(
            () -> new InputException("input '" + input + "': task '" + key + "' has not run"));
  }

  private static List<RuntimeArtifact> artifact(
      String name, ArtifactSource source, Scope scope, RunSnapshot snapshot, boolean mayBeAbsent)
      throws InputException {
    return switch (source) {
      case ArtifactSource.ComponentInputArtifact ci ->
          scope.inputs().artifacts().get(ci.inputName());
      case ArtifactSource.TaskOutputArtifact to -> {
        TaskRun producer = sibling(name, to.producerTask(), scope, snapshot);
        List<RuntimeArtifact> list = producer.outputs().artifacts().get(to.outputArtifactKey());
        if (list == null && mayBeAbsent && producer.state() != TaskState.SUCCEEDED) {
          yield null;
        }
        if (list == null) {
          throw new InputException(
              "input artifact '"
                  + name
                  + "': task '"
                  + to.producerTask()
                  + "' ("
                  + producer.state()
                  + ") has no output artifact '"
                  + to.outputArtifactKey()
                  + "'");
        }
        yield list;
      }
    };
  }

  private static JsonValue select(String name, TaskParameter p, JsonValue value)
      throws InputException {
    if (p.parameterExpressionSelector().isEmpty()
        || p.parameterExpressionSelector().get().isEmpty()) {
      return value;
    }
    try {
      return ConditionEvaluator.select(p.parameterExpressionSelector().get(), value);
    } catch (ExpressionException e) {
      throw new InputException("input '" + name + "': " + e.getMessage());
    }
  }

  private static JsonValue coerce(String name, JsonValue value, InputParameterSpec spec)
      throws InputException {
    if (spec.type() == ParameterType.TASK_FINAL_STATUS
        || spec.type() == ParameterType.TASK_CONFIG) {
      return value;
    }
    if (spec.type() == ParameterType.STRING
        && !(value instanceof JsonValue.Str)
        && !(value instanceof JsonValue.Null)) {
      // The SDK declares loop items of an untyped list as STRING and reads fields of a struct
      // item with parseJson(string_value)[...]: such a value travels as its JSON text.
      return JsonValue.of(ParameterValues.format(value));
    }
    try {
      return ParameterValues.coerce(name, value, spec.type());
    } catch (ParameterValueException e) {
      throw new InputException("input " + e.getMessage());
    }
  }
}
