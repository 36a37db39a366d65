package dev.skiff.pipeline.model;

/**
 * The type of an artifact ({@code ArtifactTypeSchema}): a {@code schemaTitle} such as {@code
 * system.Dataset}, or an inline {@code instanceSchema}; empty strings mean unset.
 *
 * @param schemaTitle the type name, e.g. {@code system.Model}
 * @param schemaVersion e.g. {@code 0.0.1}
 * @param instanceSchema a raw YAML schema, used instead of a title by some components
 */
public record ArtifactType(String schemaTitle, String schemaVersion, String instanceSchema) {

  /** A type given by its title and version. */
  public static ArtifactType of(String schemaTitle, String schemaVersion) {
    return new ArtifactType(schemaTitle, schemaVersion, "");
  }

  /** The title, or {@code instanceSchema} when the type has no title. */
  public String displayName() {
    return schemaTitle.isEmpty() ? "<instanceSchema>" : schemaTitle;
  }
}
