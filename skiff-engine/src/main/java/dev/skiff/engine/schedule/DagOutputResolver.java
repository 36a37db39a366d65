package dev.skiff.engine.schedule;

import dev.skiff.engine.run.RunSnapshot;
import dev.skiff.engine.run.TaskPaths;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.DagOutputs;
import dev.skiff.pipeline.model.DagSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs of a finished DAG instance, from its {@code dag.outputs}: {@code valueFromParameter}
 * and single artifact selectors copy a sub-task's output (absent when that task did not produce it,
 * e.g. it was skipped); {@code valueFromOneof} and several artifact selectors need exactly one
 * producer. Pure.
 */
final class DagOutputResolver {
  private DagOutputResolver() {}

  static TaskValues outputs(DagSpec dag, String path, RunSnapshot snapshot)
      throws InputResolver.InputException {
    Map<String, JsonValue> params = new LinkedHashMap<>();
    for (Map.Entry<String, DagOutputs.DagOutputParameter> e :
        dag.outputs().parameters().entrySet()) {
      List<JsonValue> found = new ArrayList<>();
      for (DagOutputs.ParameterSelector s : e.getValue().selectors()) {
        TaskRun t = snapshot.tasks().get(TaskPaths.child(path, s.producerSubtask()));
        if (t != null && t.state() == TaskState.SUCCEEDED) {
          JsonValue v = t.outputs().parameters().get(s.outputParameterKey());
          if (v != null) {
            found.add(v);
          }
        }
      }
      if (e.getValue() instanceof DagOutputs.FromOneOf) {
        if (found.size() != 1) {
          throw new InputResolver.InputException(
              "output '"
                  + e.getKey()
                  + "' (OneOf) needs exactly one branch to produce a value, "
                  + found.size()
                  + " did");
        }
      }
      if (!found.isEmpty()) {
        params.put(e.getKey(), found.getFirst());
      }
    }
    Map<String, List<RuntimeArtifact>> artifacts = new LinkedHashMap<>();
    for (Map.Entry<String, List<DagOutputs.ArtifactSelector>> e :
        dag.outputs().artifacts().entrySet()) {
      List<List<RuntimeArtifact>> found = new ArrayList<>();
      for (DagOutputs.ArtifactSelector s : e.getValue()) {
        TaskRun t = snapshot.tasks().get(TaskPaths.child(path, s.producerSubtask()));
        if (t != null && t.state() == TaskState.SUCCEEDED) {
          List<RuntimeArtifact> v = t.outputs().artifacts().get(s.outputArtifactKey());
          if (v != null) {
            found.add(v);
          }
        }
      }
      if (e.getValue().size() > 1 && found.size() != 1) {
        throw new InputResolver.InputException(
            "output artifact '"
                + e.getKey()
                + "' (OneOf) needs exactly one branch to produce it, "
                + found.size()
                + " did");
      }
      if (!found.isEmpty()) {
        artifacts.put(e.getKey(), found.getFirst());
      }
    }
    return new TaskValues(params, artifacts);
  }

  /**
   * A loop's outputs: each output parameter collected into a list over the iterations (in index
   * order), each artifact output concatenated ({@code dsl.Collected}).
   */
  static TaskValues collect(List<TaskValues> iterations) {
    Map<String, List<JsonValue>> params = new LinkedHashMap<>();
    Map<String, List<RuntimeArtifact>> artifacts = new LinkedHashMap<>();
    for (TaskValues it : iterations) {
      it.parameters().forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      it.artifacts()
          .forEach((k, v) -> artifacts.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    Map<String, JsonValue> lists = new LinkedHashMap<>();
    params.forEach((k, v) -> lists.put(k, JsonValue.list(v)));
    return new TaskValues(lists, artifacts);
  }
}
