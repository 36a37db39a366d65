package dev.skiff.engine.service;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Renders a run as JSON for scripts ({@code skiff get run ID -o json}): KFP's v2beta1 {@code Run}
 * (snake_case, RFC 3339 times) plus a {@code tasks} map keyed by task path.
 *
 * <pre>
 * {"run_id", "display_name", "pipeline_name", "state", "created_at", "scheduled_at", "finished_at",
 *  "runtime_config": {"parameters": {...}}, "error": {"message"} (when failed),
 *  "run_details": {"task_details": [{"run_id", "task_id", "display_name", "create_time",
 *      "start_time", "end_time", "state", "parent_task_id", "child_tasks": [{"task_id"}],
 *      "error"}]},
 *  "tasks": {"&lt;path&gt;": {"state", "kind", "display_name", "cached", "fingerprint", "error",
 *      "start_time", "end_time", "runtime_seconds", "runtime" (what ran the last attempt),
 *      "attempts": [{"attempt", "state", "handle", "exit_code", "message", "start_time",
 *                    "end_time", "runtime"}],
 *      "outputs": {"parameters": {...}, "artifacts": {"name": [{"uri", "metadata", "type"}]}}}}}
 * </pre>
 *
 * Task ids are stable UUIDs derived from run id and path; object keys are sorted.
 */
public final class RunJson {
  private RunJson() {}

  /** The run as compact JSON text. */
  public static String render(RunView view) {
    return toJson(view).toJson();
  }

  /** The run as a JSON value. */
  public static JsonValue.Obj toJson(RunView view) {
    RunRecord r = view.run();
    Map<String, JsonValue> out = new LinkedHashMap<>();
    out.put("run_id", JsonValue.of(r.id()));
    out.put("display_name", JsonValue.of(r.displayName()));
    out.put("pipeline_name", JsonValue.of(r.pipelineName()));
    out.put("state", JsonValue.of(r.state().name()));
    out.put("created_at", time(r.createdAt()));
    out.put("scheduled_at", time(r.startedAt()));
    out.put("finished_at", time(r.finishedAt()));
    out.put(
        "runtime_config", JsonValue.struct(Map.of("parameters", JsonValue.struct(r.parameters()))));
    r.error()
        .ifPresent(e -> out.put("error", JsonValue.struct(Map.of("message", JsonValue.of(e)))));
    List<JsonValue> details = new ArrayList<>();
    Map<String, JsonValue> tasks = new LinkedHashMap<>();
    for (TaskRun t : view.tasks()) {
      details.add(taskDetail(r.id(), t, view.tasks()));
      tasks.put(t.path(), task(t));
    }
    out.put("run_details", JsonValue.struct(Map.of("task_details", JsonValue.list(details))));
    out.put("tasks", JsonValue.struct(tasks));
    return JsonValue.struct(out);
  }

  /** The stable id of a task (a name-based UUID of run id and path). */
  public static String taskId(String runId, String path) {
    return UUID.nameUUIDFromBytes((runId + "/" + path).getBytes()).toString();
  }

  private static JsonValue taskDetail(String runId, TaskRun t, List<TaskRun> all) {
    Map<String, JsonValue> d = new LinkedHashMap<>();
    d.put("run_id", JsonValue.of(runId));
    d.put("task_id", JsonValue.of(taskId(runId, t.path())));
    d.put("display_name", JsonValue.of(t.displayName()));
    d.put("create_time", time(t.createdAt()));
    d.put("start_time", time(t.startedAt()));
    d.put("end_time", time(t.finishedAt()));
    d.put("state", JsonValue.of(t.state().name()));
    if (!t.parentPath().isEmpty()) {
      d.put("parent_task_id", JsonValue.of(taskId(runId, t.parentPath())));
    }
    List<JsonValue> children = new ArrayList<>();
    for (TaskRun c : all) {
      if (c.parentPath().equals(t.path()) && !c.path().equals(t.path())) {
        children.add(JsonValue.struct(Map.of("task_id", JsonValue.of(taskId(runId, c.path())))));
      }
    }
    d.put("child_tasks", JsonValue.list(children));
    if (t.state() == TaskState.FAILED) {
      t.error()
          .ifPresent(e -> d.put("error", JsonValue.struct(Map.of("message", JsonValue.of(e)))));
    }
    return JsonValue.struct(d);
  }

  private static JsonValue task(TaskRun t) {
    Map<String, JsonValue> d = new LinkedHashMap<>();
    d.put("state", JsonValue.of(t.state().name()));
    d.put("kind", JsonValue.of(t.kind().name()));
    d.put("display_name", JsonValue.of(t.displayName()));
    d.put("cached", JsonValue.of(t.cached()));
    t.fingerprint().ifPresent(f -> d.put("fingerprint", JsonValue.of(f)));
    t.error().ifPresent(e -> d.put("error", JsonValue.of(e)));
    d.put("start_time", time(t.startedAt()));
    d.put("end_time", time(t.finishedAt()));
    if (t.startedAt().isPresent() && t.finishedAt().isPresent()) {
      d.put(
          "runtime_seconds",
          JsonValue.of(
              (t.finishedAt().get().toEpochMilli() - t.startedAt().get().toEpochMilli()) / 1000.0));
    }
    List<JsonValue> attempts = new ArrayList<>();
    for (Attempt a : t.attempts()) {
      Map<String, JsonValue> m = new LinkedHashMap<>();
      m.put("attempt", JsonValue.of(a.number()));
      m.put("state", JsonValue.of(a.state().name()));
      a.handle().ifPresent(h -> m.put("handle", JsonValue.of(h)));
      a.exitCode().ifPresent(c -> m.put("exit_code", JsonValue.of(c)));
      a.message().ifPresent(msg -> m.put("message", JsonValue.of(msg)));
      m.put("start_time", time(a.startedAt()));
      m.put("end_time", time(a.finishedAt()));
      // e.g. "skiff-python-runtime 2.15.2+skiff.1.0.0", "host kfp 2.9.0", "sdk-pip", "container"
      a.runtime().ifPresent(rt -> m.put("runtime", JsonValue.of(rt)));
      attempts.add(JsonValue.struct(m));
    }
    d.put("attempts", JsonValue.list(attempts));
    if (!t.attempts().isEmpty()) {
      t.attempts().getLast().runtime().ifPresent(rt -> d.put("runtime", JsonValue.of(rt)));
    }
    Map<String, JsonValue> artifacts = new LinkedHashMap<>();
    t.outputs()
        .artifacts()
        .forEach(
            (k, v) -> {
              List<JsonValue> list = new ArrayList<>();
              for (RuntimeArtifact a : v) {
                list.add(
                    JsonValue.struct(
                        Map.of(
                            "uri", JsonValue.of(a.uri()),
                            "metadata", a.metadata(),
                            "type", JsonValue.of(a.type().displayName()))));
              }
              artifacts.put(k, JsonValue.list(list));
            });
    d.put(
        "outputs",
        JsonValue.struct(
            Map.of(
                "parameters", JsonValue.struct(t.outputs().parameters()),
                "artifacts", JsonValue.struct(artifacts))));
    return JsonValue.struct(d);
  }

  private static JsonValue time(Optional<Instant> t) {
    return t.<JsonValue>map(RunJson::time).orElse(JsonValue.Null.INSTANCE);
  }

  private static JsonValue time(Instant t) {
    return JsonValue.of(DateTimeFormatter.ISO_INSTANT.format(t));
  }
}
