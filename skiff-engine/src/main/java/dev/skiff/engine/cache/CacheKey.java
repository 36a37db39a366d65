package dev.skiff.engine.cache;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.pipeline.model.CachingOptions;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputArtifactSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.model.ParameterType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A container step's cache fingerprint, computed as KFP's driver computes it ({@code
 * getFingerPrint}, {@code GenerateCacheKey}, {@code GenerateFingerPrint}): the {@code
 * ml_pipelines.CacheKey} message
 *
 * <pre>
 * inputArtifactNames:   {input: {artifactNames: [id, ...]}}
 * outputArtifactsSpec:  {output: {name: output, type: {schemaTitle, schemaVersion}, metadata}}
 * outputParametersSpec: {output: "STRING" | "NUMBER_INTEGER" | ...}
 * containerSpec:        {image, cmdArgs: command ++ args (placeholders NOT resolved), pvcNames}
 * inputParameterValues: {input: value}
 * </pre>
 *
 * written as protojson (empty fields left out), re-encoded the way Go's {@code encoding/json} does
 * (sorted keys, compact), and hashed with SHA-256 (lower-case hex). Not in the key, as in KFP:
 * environment variables, resources and accelerators, platform settings, the run and pipeline names
 * (the store scopes entries by pipeline), and the content of input artifacts (only their ids).
 *
 * <p>When the task sets {@code cachingOptions.cacheKey}, the fingerprint is instead {@code
 * sha256(componentRef.name + "\0" + cacheKey)} and every automatic input is ignored ({@link
 * #custom}).
 *
 * <p>Pure functions; no I/O.
 */
public final class CacheKey {

  private CacheKey() {}

  /**
   * The fingerprint of a container step, choosing the custom form when {@code options} carries a
   * non-empty {@code cacheKey}.
   *
   * @param options the task's caching options
   * @param componentRef the task's {@code componentRef.name} (e.g. {@code comp-train})
   * @param component the component (its output definitions are hashed)
   * @param container its executor (image, command and args as written in the IR)
   * @param inputParameterValues the resolved input parameter values the step receives
   * @param inputArtifactIds for each input artifact, the ids of the artifacts it receives (KFP uses
   *     MLMD ids; use whatever stable identity the store gives an artifact)
   * @return lower-case hex SHA-256
   */
  public static String fingerprint(
      CachingOptions options,
      String componentRef,
      ComponentSpec component,
      ContainerSpec container,
      Map<String, JsonValue> inputParameterValues,
      Map<String, List<String>> inputArtifactIds) {
    if (options.cacheKey().isPresent() && !options.cacheKey().get().isEmpty()) {
      return custom(componentRef, options.cacheKey().get());
    }
    return fingerprint(component, container, inputParameterValues, inputArtifactIds, List.of());
  }

  /**
   * The automatic fingerprint: SHA-256 of {@link #canonicalJson}.
   *
   * @param pvcNames names of volumes the step mounts (cluster mode; locally empty); order and
   *     duplicates do not matter
   */
  public static String fingerprint(
      ComponentSpec component,
      ContainerSpec container,
      Map<String, JsonValue> inputParameterValues,
      Map<String, List<String>> inputArtifactIds,
      List<String> pvcNames) {
    return sha256(
        canonicalJson(component, container, inputParameterValues, inputArtifactIds, pvcNames));
  }

  /**
   * The fingerprint for a task with its own {@code cachingOptions.cacheKey}: SHA-256 of the
   * component name, a NUL byte and the key (without name and NUL when the name is empty).
   */
  public static String custom(String componentRef, String cacheKey) {
    String text = componentRef == null || componentRef.isEmpty() ? "" : componentRef + "\0";
    return sha256(text + cacheKey);
  }

  /**
   * The exact text that is hashed: the CacheKey message as Go re-encodes KFP's protojson. Useful to
   * see why two steps did or did not share a cache entry.
   */
  public static String canonicalJson(
      ComponentSpec component,
      ContainerSpec container,
      Map<String, JsonValue> inputParameterValues,
      Map<String, List<String>> inputArtifactIds,
      List<String> pvcNames) {
    return GoJson.write(
        message(component, container, inputParameterValues, inputArtifactIds, pvcNames));
  }

  /** The CacheKey message as protojson would produce it (empty fields and maps left out). */
  static JsonValue.Obj message(
      ComponentSpec component,
      ContainerSpec container,
      Map<String, JsonValue> inputParameterValues,
      Map<String, List<String>> inputArtifactIds,
      List<String> pvcNames) {
    Map<String, JsonValue> key = new LinkedHashMap<>();

    Map<String, JsonValue> artifactNames = new LinkedHashMap<>();
    inputArtifactIds.forEach(
        (input, ids) -> {
          Map<String, JsonValue> list = new LinkedHashMap<>();
          if (ids != null && !ids.isEmpty()) {
            list.put("artifactNames", strings(ids));
          }
          artifactNames.put(input, JsonValue.struct(list));
        });
    putIfNotEmpty(key, "inputArtifactNames", artifactNames);

    Map<String, JsonValue> outputArtifacts = new LinkedHashMap<>();
    component
        .outputDefinitions()
        .artifacts()
        .forEach((name, spec) -> outputArtifacts.put(name, outputArtifact(name, spec)));
    putIfNotEmpty(key, "outputArtifactsSpec", outputArtifacts);

    Map<String, JsonValue> outputParameters = new LinkedHashMap<>();
    for (Map.Entry<String, OutputParameterSpec> e :
        component.outputDefinitions().parameters().entrySet()) {
      outputParameters.put(e.getKey(), JsonValue.of(protoEnumName(e.getValue().type())));
    }
    putIfNotEmpty(key, "outputParametersSpec", outputParameters);

    Map<String, JsonValue> containerSpec = new LinkedHashMap<>();
    if (!container.image().isEmpty()) {
      containerSpec.put("image", JsonValue.of(container.image()));
    }
    List<String> cmdArgs = new ArrayList<>(container.command());
    cmdArgs.addAll(container.args());
    if (!cmdArgs.isEmpty()) {
      containerSpec.put("cmdArgs", strings(cmdArgs));
    }
    TreeSet<String> pvcs = new TreeSet<>(GoJson::compareUtf8);
    pvcs.addAll(pvcNames);
    if (!pvcs.isEmpty()) {
      containerSpec.put("pvcNames", strings(new ArrayList<>(pvcs)));
    }
    key.put("containerSpec", JsonValue.struct(containerSpec));

    Map<String, JsonValue> parameters = new LinkedHashMap<>();
    inputParameterValues.forEach(
        (name, value) -> parameters.put(name, value == null ? JsonValue.Null.INSTANCE : value));
    putIfNotEmpty(key, "inputParameterValues", parameters);
    return JsonValue.struct(key);
  }

  /** An output artifact with its URI wiped, as KFP puts it in the key. */
  private static JsonValue outputArtifact(String name, OutputArtifactSpec spec) {
    Map<String, JsonValue> artifact = new LinkedHashMap<>();
    artifact.put("name", JsonValue.of(name));
    ArtifactType type = spec.type();
    Map<String, JsonValue> schema = new LinkedHashMap<>();
    if (!type.schemaTitle().isEmpty()) {
      schema.put("schemaTitle", JsonValue.of(type.schemaTitle()));
    } else if (!type.instanceSchema().isEmpty()) {
      schema.put("instanceSchema", JsonValue.of(type.instanceSchema()));
    }
    if (!type.schemaVersion().isEmpty()) {
      schema.put("schemaVersion", JsonValue.of(type.schemaVersion()));
    }
    artifact.put("type", JsonValue.struct(schema));
    if (!spec.metadata().fields().isEmpty()) {
      artifact.put("metadata", spec.metadata());
    }
    return JsonValue.struct(artifact);
  }

  /** The proto enum's name, as Go's {@code ParameterType_ParameterTypeEnum.String()} gives it. */
  static String protoEnumName(ParameterType type) {
    return type == ParameterType.UNSPECIFIED ? "PARAMETER_TYPE_ENUM_UNSPECIFIED" : type.name();
  }

  private static void putIfNotEmpty(
      Map<String, JsonValue> key, String field, Map<String, JsonValue> map) {
    if (!map.isEmpty()) {
      key.put(field, JsonValue.struct(map));
    }
  }

  private static JsonValue strings(List<String> values) {
    List<JsonValue> out = new ArrayList<>(values.size());
    values.forEach(v -> out.add(JsonValue.of(v)));
    return JsonValue.list(out);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
