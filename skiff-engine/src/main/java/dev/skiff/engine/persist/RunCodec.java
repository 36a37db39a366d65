package dev.skiff.engine.persist;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunMetadata;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.StoredAttempt;
import dev.skiff.store.StoredRun;
import dev.skiff.store.StoredTask;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts between the engine's run records and the store's rows. */
public final class RunCodec {
  private RunCodec() {}

  public static StoredRun toStored(RunRecord r, String specText) {
    Map<String, JsonValue> options = new LinkedHashMap<>();
    options.put("cache", JsonValue.of(r.options().cacheEnabled()));
    options.put("displayName", JsonValue.of(r.options().displayName()));
    RunMetadata m = r.options().metadata();
    putIfSet(options, "serviceAccount", m.serviceAccount());
    putIfSet(options, "pipelineRoot", m.pipelineRoot());
    putIfSet(options, "pipelineId", m.pipelineId());
    putIfSet(options, "pipelineVersionId", m.pipelineVersionId());
    return new StoredRun(
        r.id(),
        r.options().profile(),
        r.pipelineName(),
        r.displayName(),
        specText,
        JsonValue.struct(r.parameters()).toJson(),
        JsonValue.struct(options).toJson(),
        r.state().name(),
        r.error().orElse(null),
        r.createdAt(),
        r.startedAt().orElse(null),
        r.finishedAt().orElse(null),
        m.experimentId().isEmpty() ? null : m.experimentId(),
        m.description(),
        m.archived() ? StoredRun.ARCHIVED : StoredRun.AVAILABLE,
        m.recurringRunId().isEmpty() ? null : m.recurringRunId());
  }

  public static RunRecord fromStored(StoredRun s) {
    JsonValue.Obj options = (JsonValue.Obj) JsonValue.parse(s.options());
    boolean cache = !(options.get("cache") instanceof JsonValue.Bool b) || b.value();
    String name = text(options, "displayName");
    RunMetadata metadata =
        new RunMetadata(
            s.experimentId(),
            s.description(),
            text(options, "serviceAccount"),
            text(options, "pipelineRoot"),
            text(options, "pipelineId"),
            text(options, "pipelineVersionId"),
            StoredRun.ARCHIVED.equals(s.storageState()),
            s.recurringRunId());
    return new RunRecord(
        s.id(),
        s.pipelineName(),
        s.displayName(),
        new RunOptions(name, s.profile(), cache, metadata),
        ((JsonValue.Obj) JsonValue.parse(s.parameters())).fields(),
        RunState.valueOf(s.state()),
        Optional.ofNullable(s.error()),
        s.createdAt(),
        Optional.ofNullable(s.startedAt()),
        Optional.ofNullable(s.finishedAt()));
  }

  private static void putIfSet(Map<String, JsonValue> options, String key, String value) {
    if (!value.isEmpty()) {
      options.put(key, JsonValue.of(value));
    }
  }

  private static String text(JsonValue.Obj options, String key) {
    return options.get(key) instanceof JsonValue.Str str ? str.value() : "";
  }

  public static StoredTask toStored(String runId, TaskRun t) {
    return new StoredTask(
        runId,
        t.path(),
        t.kind().name(),
        t.displayName(),
        t.state().name(),
        ValuesJson.write(t.inputs()),
        ValuesJson.write(t.outputs()),
        t.fingerprint().orElse(null),
        t.cached(),
        t.error().orElse(null),
        t.createdAt(),
        t.startedAt().orElse(null),
        t.finishedAt().orElse(null));
  }

  public static StoredAttempt toStored(String runId, String path, Attempt a) {
    return new StoredAttempt(
        runId,
        path,
        a.number(),
        a.state().name(),
        a.handle().orElse(null),
        a.exitCode().orElse(null),
        a.message().orElse(null),
        a.startedAt(),
        a.finishedAt().orElse(null),
        a.runtime().orElse(null));
  }

  public static Attempt fromStored(StoredAttempt a) {
    return new Attempt(
        a.attempt(),
        AttemptState.valueOf(a.state()),
        Optional.ofNullable(a.handle()),
        Optional.ofNullable(a.exitCode()),
        Optional.ofNullable(a.message()),
        a.startedAt(),
        Optional.ofNullable(a.finishedAt()),
        Optional.ofNullable(a.runtime()));
  }

  /** Tasks with their attempts, in the store's (path) order. */
  public static List<TaskRun> fromStored(List<StoredTask> tasks, List<StoredAttempt> attempts) {
    Map<String, List<Attempt>> byPath = new HashMap<>();
    for (StoredAttempt a : attempts) {
      byPath.computeIfAbsent(a.path(), p -> new ArrayList<>()).add(fromStored(a));
    }
    List<TaskRun> out = new ArrayList<>();
    for (StoredTask t : tasks) {
      out.add(
          new TaskRun(
              t.path(),
              TaskKind.valueOf(t.kind()),
              t.displayName(),
              TaskState.valueOf(t.state()),
              ValuesJson.read(t.inputs()),
              ValuesJson.read(t.outputs()),
              Optional.ofNullable(t.fingerprint()),
              t.cached(),
              Optional.ofNullable(t.error()),
              byPath.getOrDefault(t.path(), List.of()),
              t.createdAt(),
              Optional.ofNullable(t.startedAt()),
              Optional.ofNullable(t.finishedAt())));
    }
    return out;
  }
}
