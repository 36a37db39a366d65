package dev.skiff.engine.run;

import java.util.Objects;

/**
 * Choices made when a run is submitted.
 *
 * @param displayName the run's name; empty means the pipeline name
 * @param profile the profile it runs in (cache scope); empty outside any profile
 * @param cacheEnabled false for {@code --no-cache}: no task reads or is offered as a cache hit
 * @param metadata where it is filed (experiment) and what the API keeps with it
 */
public record RunOptions(
    String displayName, String profile, boolean cacheEnabled, RunMetadata metadata) {
  /** The defaults: pipeline name, no profile, caching on. */
  public static final RunOptions DEFAULT = new RunOptions("", "", true);

  public RunOptions {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(profile, "profile");
    metadata = metadata == null ? RunMetadata.NONE : metadata;
  }

  /** Options without metadata. */
  public RunOptions(String displayName, String profile, boolean cacheEnabled) {
    this(displayName, profile, cacheEnabled, RunMetadata.NONE);
  }

  /** A copy with caching switched on or off. */
  public RunOptions withCache(boolean enabled) {
    return new RunOptions(displayName, profile, enabled, metadata);
  }

  /** A copy with a display name. */
  public RunOptions withDisplayName(String name) {
    return new RunOptions(name, profile, cacheEnabled, metadata);
  }

  /** A copy with other metadata. */
  public RunOptions withMetadata(RunMetadata newMetadata) {
    return new RunOptions(displayName, profile, cacheEnabled, newMetadata);
  }

  /**
   * The run's own artifact root (KFP's {@code runtime_config.pipeline_root}), a URI the artifact
   * store serves; empty for the pipeline's {@code defaultPipelineRoot}, else the store's default.
   */
  public String pipelineRoot() {
    return metadata.pipelineRoot();
  }

  /** A copy with the run's own pipeline root ({@code null} or empty: none). */
  public RunOptions withPipelineRoot(String root) {
    return withMetadata(metadata.withPipelineRoot(root == null ? "" : root.strip()));
  }
}
