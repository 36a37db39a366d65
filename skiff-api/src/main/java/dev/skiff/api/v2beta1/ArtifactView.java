package dev.skiff.api.v2beta1;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.skiff.pipeline.json.JsonValue;

/**
 * An output artifact of a task (Skiff extension).
 *
 * @param uri where it is stored, e.g. {@code file:///…/produce/dataset}
 * @param metadata its metadata (metrics logged with {@code log_metric} land here)
 * @param type its schema title, e.g. {@code system.Dataset}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ArtifactView(String uri, JsonValue.Obj metadata, String type) {
  /** Absent metadata reads as none. */
  public ArtifactView {
    metadata = metadata == null ? JsonValue.Obj.EMPTY : metadata;
  }
}
