package dev.skiff.engine.notebook;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.notebook.StoredNotebook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Notebooks to and from their stored rows: the spec's details as JSON. Pure. */
final class NotebookRows {
  private NotebookRows() {}

  /** The row of a new notebook (wanted running, pending). */
  static StoredNotebook created(
      String profile, NotebookSpec spec, String serverKind, String user, Instant now) {
    return new StoredNotebook(
        profile,
        spec.name(),
        spec.environment(),
        serverKind,
        cpuMillis(spec.cpus()),
        spec.memoryBytes(),
        spec.gpus().vendor(),
        spec.gpus().count(),
        details(spec),
        Desired.RUNNING.name(),
        NotebookStatus.PENDING.name(),
        "waiting to start",
        null,
        "",
        "",
        user,
        now,
        now,
        null,
        0);
  }

  /** The view users see. */
  static Notebook view(StoredNotebook row) {
    return new Notebook(
        row.profile(),
        spec(row),
        status(row),
        row.reason(),
        row.serverKind(),
        gpuIds(row),
        row.limits(),
        row.createdBy(),
        row.createdAt(),
        row.statusSince(),
        Optional.ofNullable(row.lastActivity()));
  }

  static NotebookStatus status(StoredNotebook row) {
    try {
      return NotebookStatus.valueOf(row.status());
    } catch (IllegalArgumentException e) {
      return NotebookStatus.FAILED;
    }
  }

  static boolean wantsRunning(StoredNotebook row) {
    return Desired.RUNNING.name().equals(row.desired());
  }

  static List<String> gpuIds(StoredNotebook row) {
    return row.gpuIds().isBlank() ? List.of() : Arrays.asList(row.gpuIds().split(","));
  }

  /** The spec stored in a row. */
  static NotebookSpec spec(StoredNotebook row) {
    Map<String, String> env = new LinkedHashMap<>();
    List<NotebookSpec.Volume> volumes = new ArrayList<>();
    List<String> configurations = new ArrayList<>();
    JsonValue parsed;
    try {
      parsed = JsonValue.parse(row.specDetails());
    } catch (IllegalArgumentException e) {
      parsed = JsonValue.Obj.EMPTY;
    }
    if (parsed instanceof JsonValue.Obj o) {
      if (o.get("env") instanceof JsonValue.Obj e) {
        e.fields().forEach((k, v) -> env.put(k, v instanceof JsonValue.Str s ? s.value() : ""));
      }
      if (o.get("volumes") instanceof JsonValue.Arr a) {
        for (JsonValue v : a.items()) {
          if (v instanceof JsonValue.Obj vo
              && vo.get("name") instanceof JsonValue.Str n
              && vo.get("mount") instanceof JsonValue.Str m) {
            volumes.add(new NotebookSpec.Volume(n.value(), m.value()));
          }
        }
      }
      if (o.get("configurations") instanceof JsonValue.Arr a) {
        for (JsonValue v : a.items()) {
          if (v instanceof JsonValue.Str s) {
            configurations.add(s.value());
          }
        }
      }
    }
    return new NotebookSpec(
        row.name(),
        row.environment(),
        row.cpuMillis() / 1000.0,
        row.memoryBytes(),
        new NotebookSpec.Gpus(row.gpuVendor(), row.gpuCount()),
        env,
        volumes,
        configurations);
  }

  /** Env, volumes and configurations as one JSON object. */
  static String details(NotebookSpec spec) {
    Map<String, JsonValue> env = new LinkedHashMap<>();
    spec.env().forEach((k, v) -> env.put(k, JsonValue.of(v)));
    List<JsonValue> volumes = new ArrayList<>();
    for (NotebookSpec.Volume v : spec.volumes()) {
      volumes.add(
          JsonValue.struct(
              Map.of("name", JsonValue.of(v.name()), "mount", JsonValue.of(v.mountPath()))));
    }
    return JsonValue.struct(
            Map.of(
                "env",
                JsonValue.struct(env),
                "volumes",
                new JsonValue.Arr(volumes),
                "configurations",
                JsonValue.list(spec.configurations().stream().map(JsonValue::of).toList())))
        .toJson();
  }

  /** Cores as thousandths, rounded up (0.0005 asks for something, so 1). */
  static long cpuMillis(double cpus) {
    return cpus <= 0 ? 0 : (long) Math.ceil(cpus * 1000 - 1e-9);
  }

  /** What the user asked for last. */
  enum Desired {
    RUNNING,
    STOPPED
  }
}
