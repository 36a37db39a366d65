package dev.skiff.engine.persist;

import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TaskValues} as stored JSON: {@code {"parameters": {...}, "artifacts": {"name": [{"name",
 * "uri", "type": {...}, "metadata": {...}}]}}}.
 */
public final class ValuesJson {
  private ValuesJson() {}

  /** The values as a JSON object. */
  public static JsonValue.Obj toJson(TaskValues values) {
    Map<String, JsonValue> artifacts = new LinkedHashMap<>();
    values.artifacts().forEach((k, v) -> artifacts.put(k, artifactList(v)));
    return JsonValue.struct(
        Map.of(
            "parameters", JsonValue.struct(values.parameters()),
            "artifacts", JsonValue.struct(artifacts)));
  }

  /** One artifact as JSON (its URI, type and metadata). */
  public static JsonValue.Obj artifact(RuntimeArtifact a) {
    Map<String, JsonValue> type = new LinkedHashMap<>();
    type.put("schemaTitle", JsonValue.of(a.type().schemaTitle()));
    type.put("schemaVersion", JsonValue.of(a.type().schemaVersion()));
    if (!a.type().instanceSchema().isEmpty()) {
      type.put("instanceSchema", JsonValue.of(a.type().instanceSchema()));
    }
    Map<String, JsonValue> out = new LinkedHashMap<>();
    out.put("name", JsonValue.of(a.name()));
    out.put("uri", JsonValue.of(a.uri()));
    out.put("type", JsonValue.struct(type));
    out.put("metadata", a.metadata());
    a.customPath().ifPresent(p -> out.put("customPath", JsonValue.of(p)));
    return JsonValue.struct(out);
  }

  static JsonValue.Arr artifactList(List<RuntimeArtifact> list) {
    List<JsonValue> items = new ArrayList<>();
    list.forEach(a -> items.add(artifact(a)));
    return JsonValue.list(items);
  }

  /** Text for the store; null for null. */
  public static String write(TaskValues values) {
    return values == null ? null : toJson(values).toJson();
  }

  /** Reads stored text; null or blank gives empty values. */
  public static TaskValues read(String text) {
    if (text == null || text.isBlank()) {
      return TaskValues.EMPTY;
    }
    JsonValue.Obj root = (JsonValue.Obj) JsonValue.parse(text);
    Map<String, JsonValue> params = new LinkedHashMap<>();
    if (root.get("parameters") instanceof JsonValue.Obj p) {
      params.putAll(p.fields());
    }
    Map<String, List<RuntimeArtifact>> artifacts = new LinkedHashMap<>();
    if (root.get("artifacts") instanceof JsonValue.Obj a) {
      a.fields()
          .forEach(
              (k, v) -> {
                List<RuntimeArtifact> list = new ArrayList<>();
                for (JsonValue item : ((JsonValue.Arr) v).items()) {
                  list.add(readArtifact((JsonValue.Obj) item));
                }
                artifacts.put(k, list);
              });
    }
    return new TaskValues(params, artifacts);
  }

  static RuntimeArtifact readArtifact(JsonValue.Obj o) {
    JsonValue.Obj type = o.get("type") instanceof JsonValue.Obj t ? t : JsonValue.Obj.EMPTY;
    return new RuntimeArtifact(
        str(o.get("name")),
        new ArtifactType(
            str(type.get("schemaTitle")),
            str(type.get("schemaVersion")),
            str(type.get("instanceSchema"))),
        str(o.get("uri")),
        o.get("metadata") instanceof JsonValue.Obj m ? m : JsonValue.Obj.EMPTY,
        o.get("customPath") instanceof JsonValue.Str s ? Optional.of(s.value()) : Optional.empty());
  }

  private static String str(JsonValue v) {
    return v instanceof JsonValue.Str s ? s.value() : "";
  }
}
