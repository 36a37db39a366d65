package dev.skiff.kubernetes.pod;

import dev.skiff.engine.persist.ValuesJson;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the protobuf JSON that {@link ExecutorInput#toJson()} writes (KFP's {@code ExecutorInput}),
 * and runtime artifacts as {@link ValuesJson#artifact} writes them. An artifact type keeps its
 * {@code schemaTitle} or, without one, its {@code instanceSchema}, as the protobuf JSON does.
 */
final class ExecutorInputJson {
  private ExecutorInputJson() {}

  /** The ExecutorInput as a JSON value (its own {@link ExecutorInput#toJson()}). */
  static JsonValue write(ExecutorInput input) {
    return JsonValue.parse(input.toJson());
  }

  /** Reads an ExecutorInput; {@code where} names it in messages. */
  static ExecutorInput read(JsonValue json, String where) {
    JsonFields root = JsonFields.of(json, where);
    JsonFields in = root.objectOrEmpty("inputs");
    JsonFields out = root.objectOrEmpty("outputs");
    Map<String, String> parameterFiles = new LinkedHashMap<>();
    JsonFields params = out.objectOrEmpty("parameters");
    for (String name : params.obj().fields().keySet()) {
      parameterFiles.put(name, params.object(name).str("outputFile"));
    }
    return new ExecutorInput(
        new ExecutorInput.Inputs(
            in.objectOrEmpty("parameterValues").obj().fields(), artifactLists(in)),
        new ExecutorInput.Outputs(parameterFiles, artifactLists(out), out.str("outputFile", "")));
  }

  /** {@code artifacts: {name: {artifacts: [...]}}}. */
  private static Map<String, List<RuntimeArtifact>> artifactLists(JsonFields parent) {
    JsonFields artifacts = parent.objectOrEmpty("artifacts");
    Map<String, List<RuntimeArtifact>> out = new LinkedHashMap<>();
    for (String name : artifacts.obj().fields().keySet()) {
      out.put(name, artifacts(artifacts.object(name), "artifacts"));
    }
    return out;
  }

  /** The artifacts of a list field. */
  static List<RuntimeArtifact> artifacts(JsonFields parent, String field) {
    List<RuntimeArtifact> list = new ArrayList<>();
    for (JsonFields.Item item : parent.list(field)) {
      list.add(artifact(item.object()));
    }
    return list;
  }

  /**
   * One runtime artifact: {@code name, type{schemaTitle, schemaVersion, instanceSchema}, uri,
   * metadata, customPath}.
   */
  static RuntimeArtifact artifact(JsonFields a) {
    JsonFields type = a.objectOrEmpty("type");
    return new RuntimeArtifact(
        a.str("name", ""),
        new ArtifactType(
            type.str("schemaTitle", ""),
            type.str("schemaVersion", ""),
            type.str("instanceSchema", "")),
        a.str("uri"),
        a.objectOrEmpty("metadata").obj(),
        a.has("customPath") ? Optional.of(a.str("customPath")) : Optional.empty());
  }

  /** Artifact lists by name, written with {@link ValuesJson#artifact}. */
  static JsonValue.Obj writeArtifacts(Map<String, List<RuntimeArtifact>> artifacts) {
    Map<String, JsonValue> out = new LinkedHashMap<>();
    artifacts.forEach(
        (name, list) ->
            out.put(name, JsonValue.list(list.stream().map(ValuesJson::artifact).toList())));
    return JsonValue.struct(out);
  }

  /** Reads what {@link #writeArtifacts} wrote. */
  static Map<String, List<RuntimeArtifact>> readArtifacts(JsonFields parent, String field) {
    JsonFields obj = parent.objectOrEmpty(field);
    Map<String, List<RuntimeArtifact>> out = new LinkedHashMap<>();
    for (String name : obj.obj().fields().keySet()) {
      out.put(name, artifacts(obj, name));
    }
    return out;
  }
}
