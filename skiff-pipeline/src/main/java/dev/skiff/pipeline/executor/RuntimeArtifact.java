package dev.skiff.pipeline.executor;

import dev.skiff.pipeline.json.JsonText;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.util.Optional;

/**
 * An artifact as the executor sees it ({@code ml_pipelines.RuntimeArtifact}).
 *
 * @param name for inputs the artifact's store id as a string; for outputs the output key
 * @param type the artifact type
 * @param uri where the artifact lives, e.g. {@code s3://bucket/run/task/model}
 * @param metadata free-form metadata
 * @param customPath a local path chosen by the component author, overriding the URI mapping
 */
public record RuntimeArtifact(
    String name,
    ArtifactType type,
    String uri,
    JsonValue.Obj metadata,
    Optional<String> customPath) {

  /** An artifact with no metadata and no custom path. */
  public static RuntimeArtifact of(String name, ArtifactType type, String uri) {
    return new RuntimeArtifact(name, type, uri, JsonValue.Obj.EMPTY, Optional.empty());
  }

  /** Protobuf-JSON (camelCase) text of this artifact. */
  public String toJson() {
    StringBuilder out = new StringBuilder();
    appendJson(out);
    return out.toString();
  }

  void appendJson(StringBuilder out) {
    out.append("{\"name\":");
    JsonText.quote(name, out);
    out.append(",\"type\":{");
    boolean comma = false;
    if (!type.schemaTitle().isEmpty()) {
      out.append("\"schemaTitle\":");
      JsonText.quote(type.schemaTitle(), out);
      comma = true;
    } else if (!type.instanceSchema().isEmpty()) {
      out.append("\"instanceSchema\":");
      JsonText.quote(type.instanceSchema(), out);
      comma = true;
    }
    if (!type.schemaVersion().isEmpty()) {
      out.append(comma ? "," : "").append("\"schemaVersion\":");
      JsonText.quote(type.schemaVersion(), out);
    }
    out.append("},\"uri\":");
    JsonText.quote(uri, out);
    out.append(",\"metadata\":").append(metadata.toJson());
    customPath.ifPresent(
        p -> {
          out.append(",\"customPath\":");
          JsonText.quote(p, out);
        });
    out.append('}');
  }
}
