package dev.skiff.pipeline.model;

import dev.skiff.pipeline.json.JsonValue;

/**
 * An importer executor: registers an existing artifact (by URI) as the task's output {@code
 * artifact}; no container runs.
 *
 * @param artifactUri a constant URI or the name of the component input holding it
 * @param typeSchema the type of the imported artifact
 * @param metadata metadata to attach; strings may hold placeholders
 * @param reimport import again even if this URI was imported before
 * @param downloadToWorkspace copy the artifact into the run workspace
 */
public record ImporterSpec(
    ArtifactUri artifactUri,
    ArtifactType typeSchema,
    JsonValue.Obj metadata,
    boolean reimport,
    boolean downloadToWorkspace)
    implements ExecutorSpec {

  /** Where the importer's URI comes from. */
  public sealed interface ArtifactUri {}

  /** {@code artifactUri.constant}. */
  public record ConstantUri(String uri) implements ArtifactUri {}

  /** {@code artifactUri.runtimeParameter}: the importer component's input holding the URI. */
  public record UriParameter(String inputName) implements ArtifactUri {}
}
