package dev.skiff.kubernetes.pod;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link StepLaunch} as JSON, the value of {@link PodContract#ENV_STEP}: every field, so the
 * launcher in the pod sees the launch the engine built.
 *
 * <pre>{@code
 * {"version": 1,
 *  "id": {"runId", "taskPath", "attempt"}, "profile",
 *  "container": {"image", "command": [..], "args": [..], "env": [{"name", "value"}],
 *                "resources": {"resourceCpuLimit", .., "accelerator": {..}, "cpuLimit", ..},
 *                "preCacheCheck": {"command": [..], "args": [..]}},
 *  "executorInput": <ExecutorInput protobuf JSON>,
 *  "outputParameters": {"name": {"type": "NUMBER_INTEGER", "description"}},
 *  "runInfo": {..}, "env": {..}, "platformConfig": {..},
 *  "resources": {"cpus", "memoryBytes", "acceleratorType", "acceleratorCount"}}
 * }</pre>
 */
public final class StepLaunchJson {
  /** The version of this format; a launcher refuses others (an image of another Skiff). */
  public static final int VERSION = 1;

  private StepLaunchJson() {}

  /** Compact JSON text of the launch. */
  public static String write(StepLaunch launch) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    out.put("version", JsonValue.of(VERSION));
    out.put(
        "id",
        JsonValue.struct(
            Map.of(
                "runId", JsonValue.of(launch.id().runId()),
                "taskPath", JsonValue.of(launch.id().taskPath()),
                "attempt", JsonValue.of(launch.id().attempt()))));
    out.put("profile", JsonValue.of(launch.profile()));
    out.put("container", container(launch.container()));
    out.put("executorInput", ExecutorInputJson.write(launch.executorInput()));
    Map<String, JsonValue> params = new LinkedHashMap<>();
    launch
        .outputParameters()
        .forEach(
            (name, spec) ->
                params.put(
                    name,
                    JsonValue.struct(
                        Map.of(
                            "type", JsonValue.of(spec.type().name()),
                            "description", JsonValue.of(nonNull(spec.description()))))));
    out.put("outputParameters", JsonValue.struct(params));
    out.put("runInfo", strings(launch.runInfo().values()));
    out.put("env", strings(launch.env()));
    out.put("platformConfig", launch.platformConfig());
    ResourceRequest r = launch.resources();
    Map<String, JsonValue> res = new LinkedHashMap<>();
    res.put("cpus", JsonValue.of(r.cpus()));
    res.put("memoryBytes", JsonValue.of(r.memoryBytes()));
    if (r.acceleratorType() != null) {
      res.put("acceleratorType", JsonValue.of(r.acceleratorType()));
    }
    res.put("acceleratorCount", JsonValue.of(r.acceleratorCount()));
    out.put("resources", JsonValue.struct(res));
    return JsonValue.struct(out).toJson();
  }

  /**
   * Reads a launch.
   *
   * @throws IllegalArgumentException naming the first field that is missing or malformed
   */
  public static StepLaunch read(String json) {
    JsonFields root = JsonFields.parse(json, "the step launch");
    long version = root.integer("version");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "version is " + version + "; this launcher reads version " + VERSION);
    }
    JsonFields id = root.object("id");
    long attempt = id.integer("attempt");
    if (attempt < 1 || attempt > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(id.path("attempt") + " must be >= 1, got " + attempt);
    }
    Map<String, OutputParameterSpec> params = new LinkedHashMap<>();
    JsonFields p = root.objectOrEmpty("outputParameters");
    for (String name : p.obj().fields().keySet()) {
      JsonFields spec = p.object(name);
      String type = spec.str("type");
      params.put(
          name,
          new OutputParameterSpec(
              ParameterType.fromIr(type)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              spec.path("type") + " is not a parameter type: " + type)),
              spec.str("description", "")));
    }
    return new StepLaunch(
        new StepId(id.str("runId"), id.str("taskPath"), (int) attempt),
        root.str("profile"),
        container(root.object("container")),
        ExecutorInputJson.read(root.required("executorInput"), "executorInput"),
        params,
        new RunInfo(root.stringMap("runInfo")),
        root.stringMap("env"),
        root.objectOrEmpty("platformConfig").obj(),
        resources(root.object("resources")));
  }

  private static JsonValue container(ContainerSpec c) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    out.put("image", JsonValue.of(c.image()));
    out.put("command", stringList(c.command()));
    out.put("args", stringList(c.args()));
    List<JsonValue> env = new ArrayList<>();
    for (ContainerSpec.EnvVar v : c.env()) {
      env.add(
          JsonValue.struct(
              Map.of("name", JsonValue.of(v.name()), "value", JsonValue.of(nonNull(v.value())))));
    }
    out.put("env", JsonValue.list(env));
    out.put("resources", resourceSpec(c.resources() == null ? ResourceSpec.NONE : c.resources()));
    ContainerSpec.Exec hook =
        c.preCacheCheck() == null ? ContainerSpec.Exec.NONE : c.preCacheCheck();
    out.put(
        "preCacheCheck",
        JsonValue.struct(
            Map.of("command", stringList(hook.command()), "args", stringList(hook.args()))));
    return JsonValue.struct(out);
  }

  private static ContainerSpec container(JsonFields c) {
    List<ContainerSpec.EnvVar> env = new ArrayList<>();
    for (JsonFields.Item item : c.list("env")) {
      JsonFields v = item.object();
      env.add(new ContainerSpec.EnvVar(v.str("name"), v.str("value", "")));
    }
    JsonFields hook = c.objectOrEmpty("preCacheCheck");
    return new ContainerSpec(
        c.str("image"),
        c.strings("command"),
        c.strings("args"),
        env,
        resourceSpec(c.objectOrEmpty("resources")),
        new ContainerSpec.Exec(hook.strings("command"), hook.strings("args")));
  }

  private static JsonValue resourceSpec(ResourceSpec r) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    out.put("resourceCpuLimit", JsonValue.of(r.resourceCpuLimit()));
    out.put("resourceCpuRequest", JsonValue.of(r.resourceCpuRequest()));
    out.put("resourceMemoryLimit", JsonValue.of(r.resourceMemoryLimit()));
    out.put("resourceMemoryRequest", JsonValue.of(r.resourceMemoryRequest()));
    r.accelerator()
        .ifPresent(
            a ->
                out.put(
                    "accelerator",
                    JsonValue.struct(
                        Map.of(
                            "resourceType", JsonValue.of(a.resourceType()),
                            "resourceCount", JsonValue.of(a.resourceCount()),
                            "type", JsonValue.of(a.type()),
                            "count", JsonValue.of(a.count())))));
    out.put("cpuLimit", JsonValue.of(r.cpuLimit()));
    out.put("cpuRequest", JsonValue.of(r.cpuRequest()));
    out.put("memoryLimit", JsonValue.of(r.memoryLimit()));
    out.put("memoryRequest", JsonValue.of(r.memoryRequest()));
    return JsonValue.struct(out);
  }

  private static ResourceSpec resourceSpec(JsonFields r) {
    Optional<ResourceSpec.Accelerator> accelerator = Optional.empty();
    if (r.has("accelerator")) {
      JsonFields a = r.object("accelerator");
      accelerator =
          Optional.of(
              new ResourceSpec.Accelerator(
                  a.str("resourceType", ""),
                  a.str("resourceCount", ""),
                  a.str("type", ""),
                  a.integer("count", 0)));
    }
    return new ResourceSpec(
        r.str("resourceCpuLimit", ""),
        r.str("resourceCpuRequest", ""),
        r.str("resourceMemoryLimit", ""),
        r.str("resourceMemoryRequest", ""),
        accelerator,
        r.num("cpuLimit", 0),
        r.num("cpuRequest", 0),
        r.num("memoryLimit", 0),
        r.num("memoryRequest", 0));
  }

  private static ResourceRequest resources(JsonFields r) {
    long count = r.integer("acceleratorCount", 0);
    if (count < 0 || count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(r.path("acceleratorCount") + " is out of range: " + count);
    }
    return new ResourceRequest(
        r.num("cpus", 0),
        r.integer("memoryBytes", 0),
        r.has("acceleratorType") ? r.str("acceleratorType") : null,
        (int) count);
  }

  private static JsonValue.Arr stringList(List<String> items) {
    return JsonValue.list(items.stream().map(JsonValue::of).toList());
  }

  private static JsonValue.Obj strings(Map<String, String> map) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, JsonValue.of(nonNull(v))));
    return JsonValue.struct(out);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
