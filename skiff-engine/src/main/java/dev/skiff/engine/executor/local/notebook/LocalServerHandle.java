package dev.skiff.engine.executor.local.notebook;

import dev.skiff.pipeline.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local launcher's handle of a server, stored as JSON: the process id (which names its process
 * group), the process's start time (so that a pid reused later by another process is not taken for
 * the server), the port, the token, the base path, and the resources it holds.
 *
 * @param pid the server's process id
 * @param startedMillis when the process started (epoch millis), as the OS reports it
 * @param port its loopback port
 * @param token its token
 * @param basePath its base URL path
 * @param cpuMillis CPU it holds
 * @param memoryBytes memory it holds
 * @param gpus GPU ids it holds
 * @param limits whether limits are enforced, in words
 */
record LocalServerHandle(
    long pid,
    long startedMillis,
    int port,
    String token,
    String basePath,
    long cpuMillis,
    long memoryBytes,
    List<String> gpus,
    String limits) {

  /** Copies the list. */
  LocalServerHandle {
    gpus = List.copyOf(gpus);
  }

  /** The JSON text to store. */
  String format() {
    Map<String, JsonValue> f = new LinkedHashMap<>();
    f.put("pid", JsonValue.of(pid));
    f.put("started", JsonValue.of(startedMillis));
    f.put("port", JsonValue.of(port));
    f.put("token", JsonValue.of(token));
    f.put("base", JsonValue.of(basePath));
    f.put("cpu_millis", JsonValue.of(cpuMillis));
    f.put("memory", JsonValue.of(memoryBytes));
    f.put("gpus", JsonValue.list(gpus.stream().map(JsonValue::of).toList()));
    f.put("limits", JsonValue.of(limits));
    return JsonValue.struct(f).toJson();
  }

  /** Reads a stored handle; empty when it is not one of this launcher's. */
  static Optional<LocalServerHandle> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      if (!(JsonValue.parse(text) instanceof JsonValue.Obj o)) {
        return Optional.empty();
      }
      List<String> gpus = new ArrayList<>();
      if (o.get("gpus") instanceof JsonValue.Arr a) {
        for (JsonValue v : a.items()) {
          if (v instanceof JsonValue.Str s) {
            gpus.add(s.value());
          }
        }
      }
      long pid = number(o, "pid");
      int port = (int) number(o, "port");
      if (pid <= 1 || port <= 0 || port > 65535) {
        return Optional.empty();
      }
      return Optional.of(
          new LocalServerHandle(
              pid,
              number(o, "started"),
              port,
              text(o, "token"),
              text(o, "base"),
              number(o, "cpu_millis"),
              number(o, "memory"),
              gpus,
              text(o, "limits")));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static long number(JsonValue.Obj o, String field) {
    if (o.get(field) instanceof JsonValue.Num n) {
      return (long) n.value();
    }
    throw new IllegalArgumentException("no " + field);
  }

  private static String text(JsonValue.Obj o, String field) {
    return o.get(field) instanceof JsonValue.Str s ? s.value() : "";
  }

  /**
   * The server's process when it still runs and is the one this handle names (same start time to
   * the millisecond).
   */
  Optional<ProcessHandle> live() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            p -> p.info().startInstant().map(s -> s.toEpochMilli() == startedMillis).orElse(false));
  }
}
