package dev.skiff.pipeline.model;

import java.util.Map;

/**
 * A resolver executor: finds existing artifacts by query and exposes them as outputs.
 *
 * @param outputArtifactQueries one query per output artifact
 */
public record ResolverSpec(Map<String, ArtifactQuery> outputArtifactQueries)
    implements ExecutorSpec {

  /** Copies the map. */
  public ResolverSpec {
    outputArtifactQueries = Copies.map(outputArtifactQueries);
  }

  /**
   * An artifact query.
   *
   * @param filter e.g. {@code artifact_type="system.Model" AND state=LIVE}
   * @param limit the most artifacts returned; the IR default is 1
   */
  public record ArtifactQuery(String filter, int limit) {}
}
