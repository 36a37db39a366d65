package dev.skiff.engine.launch;

import dev.skiff.pipeline.json.JsonValue;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a step's Kubernetes platform settings ({@code kfp-kubernetes}) that mean something
 * on one machine: {@code podMetadata} labels and annotations, read back through {@code
 * fieldPathAsEnv} as Kubernetes' downward API gives them (an absent label or annotation is the
 * empty string). Secrets, config maps, volumes, node selectors and tolerations stay for cluster
 * mode.
 */
public final class KubernetesEnv {
  private static final Pattern KEYED =
      Pattern.compile("metadata\\.(annotations|labels)\\['([^']*)'\\]");

  private KubernetesEnv() {}

  /**
   * The environment variables {@code fieldPathAsEnv} asks for.
   *
   * @param platformSpec the pipeline's platform document ({@code {platforms: {kubernetes: ...}}})
   * @param executorLabel the step's executor
   * @param podName the name the step's pod would have
   * @param namespace the profile the run belongs to
   */
  public static Map<String, String> of(
      JsonValue.Obj platformSpec, String executorLabel, String podName, String namespace) {
    Map<String, String> env = new LinkedHashMap<>();
    Optional<JsonValue.Obj> executor = executorConfig(platformSpec, executorLabel);
    if (executor.isEmpty()
        || !(executor.get().get("fieldPathAsEnv") instanceof JsonValue.Arr fields)) {
      return env;
    }
    JsonValue.Obj metadata =
        field(executor.get(), "podMetadata").orElse(JsonValue.struct(Map.of()));
    for (JsonValue f : fields.items()) {
      if (f instanceof JsonValue.Obj o
          && o.get("name") instanceof JsonValue.Str name
          && o.get("fieldPath") instanceof JsonValue.Str path) {
        value(path.value(), metadata, podName, namespace).ifPresent(v -> env.put(name.value(), v));
      }
    }
    return env;
  }

  /**
   * The step's executor section of the platform document ({@code
   * platforms.kubernetes.deploymentSpec.executors.<label>}), when there is one.
   */
  public static Optional<JsonValue.Obj> executorConfig(
      JsonValue.Obj platformSpec, String executorLabel) {
    return field(platformSpec, "platforms")
        .flatMap(p -> field(p, "kubernetes"))
        .flatMap(k -> field(k, "deploymentSpec"))
        .flatMap(d -> field(d, "executors"))
        .flatMap(e -> field(e, executorLabel));
  }

  private static Optional<String> value(
      String fieldPath, JsonValue.Obj metadata, String podName, String namespace) {
    Matcher m = KEYED.matcher(fieldPath);
    if (m.matches()) {
      JsonValue v = field(metadata, m.group(1)).map(map -> map.get(m.group(2))).orElse(null);
      return Optional.of(v instanceof JsonValue.Str s ? s.value() : "");
    }
    return switch (fieldPath) {
      case "metadata.name" -> Optional.of(podName);
      case "metadata.namespace" -> Optional.of(namespace);
      case "spec.nodeName" -> Optional.of(hostName());
      case "status.podIP", "status.hostIP" -> Optional.of("127.0.0.1");
      case "spec.serviceAccountName" -> Optional.of("default");
      default -> Optional.empty();
    };
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static Optional<JsonValue.Obj> field(JsonValue.Obj o, String name) {
    return o.get(name) instanceof JsonValue.Obj child ? Optional.of(child) : Optional.empty();
  }
}
