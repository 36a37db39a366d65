package dev.skiff.cli;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.engine.service.RunJson;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the server's run JSON ({@link RunJson}'s shape) back into a {@link RunView}, so that the
 * commands print a run from a server exactly as they print one from the local engine. Everything
 * {@link RunJson} renders is read back; what it leaves out (task inputs, process ids, the run's
 * profile) stays empty.
 */
final class RunJsonReader {
  private RunJsonReader() {}

  /** A run with its tasks. */
  static RunView view(JsonValue.Obj run) {
    RunRecord record = record(run);
    Map<String, Instant> created = new HashMap<>();
    if (run.get("run_details") instanceof JsonValue.Obj details
        && details.get("task_details") instanceof JsonValue.Arr list) {
      for (JsonValue d : list.items()) {
        JsonValue.Obj detail = (JsonValue.Obj) d;
        time(detail, "create_time").ifPresent(t -> created.put(text(detail, "task_id"), t));
      }
    }
    List<TaskRun> tasks = new ArrayList<>();
    for (var e : object(run, "tasks").fields().entrySet()) {
      String path = e.getKey();
      tasks.add(
          task(
              path,
              (JsonValue.Obj) e.getValue(),
              created.getOrDefault(RunJson.taskId(record.id(), path), record.createdAt())));
    }
    return new RunView(record, tasks);
  }

  /** A run's own fields. */
  static RunRecord record(JsonValue.Obj run) {
    return new RunRecord(
        text(run, "run_id"),
        text(run, "pipeline_name"),
        text(run, "display_name"),
        RunOptions.DEFAULT,
        object(object(run, "runtime_config"), "parameters").fields(),
        RunState.valueOf(text(run, "state")),
        run.get("error") instanceof JsonValue.Obj error
            ? Optional.of(text(error, "message"))
            : Optional.empty(),
        time(run, "created_at").orElseThrow(),
        time(run, "scheduled_at"),
        time(run, "finished_at"));
  }

  private static TaskRun task(String path, JsonValue.Obj t, Instant createdAt) {
    List<Attempt> attempts = new ArrayList<>();
    if (t.get("attempts") instanceof JsonValue.Arr list) {
      for (JsonValue a : list.items()) {
        attempts.add(attempt((JsonValue.Obj) a));
      }
    }
    return new TaskRun(
        path,
        TaskKind.valueOf(text(t, "kind")),
        text(t, "display_name"),
        TaskState.valueOf(text(t, "state")),
        TaskValues.EMPTY,
        outputs(object(t, "outputs")),
        optionalText(t, "fingerprint"),
        t.get("cached") instanceof JsonValue.Bool b && b.value(),
        optionalText(t, "error"),
        attempts,
        createdAt,
        time(t, "start_time"),
        time(t, "end_time"));
  }

  private static Attempt attempt(JsonValue.Obj a) {
    return new Attempt(
        (int) number(a, "attempt"),
        AttemptState.valueOf(text(a, "state")),
        optionalText(a, "handle"),
        a.get("exit_code") instanceof JsonValue.Num n
            ? Optional.of((int) n.value())
            : Optional.empty(),
        optionalText(a, "message"),
        time(a, "start_time").orElseThrow(),
        time(a, "end_time"),
        optionalText(a, "runtime"));
  }

  private static TaskValues outputs(JsonValue.Obj outputs) {
    Map<String, List<RuntimeArtifact>> artifacts = new LinkedHashMap<>();
    object(outputs, "artifacts")
        .fields()
        .forEach(
            (name, list) -> {
              List<RuntimeArtifact> items = new ArrayList<>();
              for (JsonValue item : ((JsonValue.Arr) list).items()) {
                JsonValue.Obj a = (JsonValue.Obj) item;
                items.add(
                    new RuntimeArtifact(
                        name,
                        ArtifactType.of(text(a, "type"), ""),
                        text(a, "uri"),
                        object(a, "metadata"),
                        Optional.empty()));
              }
              artifacts.put(name, items);
            });
    return new TaskValues(object(outputs, "parameters").fields(), artifacts);
  }

  private static JsonValue.Obj object(JsonValue.Obj o, String key) {
    return o.get(key) instanceof JsonValue.Obj inner ? inner : JsonValue.Obj.EMPTY;
  }

  private static String text(JsonValue.Obj o, String key) {
    return optionalText(o, key).orElse("");
  }

  private static Optional<String> optionalText(JsonValue.Obj o, String key) {
    return o.get(key) instanceof JsonValue.Str s ? Optional.of(s.value()) : Optional.empty();
  }

  private static double number(JsonValue.Obj o, String key) {
    return o.get(key) instanceof JsonValue.Num n ? n.value() : 0;
  }

  private static Optional<Instant> time(JsonValue.Obj o, String key) {
    return optionalText(o, key).map(Instant::parse);
  }
}
