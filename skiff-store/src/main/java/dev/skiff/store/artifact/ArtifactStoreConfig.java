package dev.skiff.store.artifact;

import java.nio.file.Path;

/**
 * Which artifact store a Skiff process uses ({@code artifacts.store} in {@code skiff.yaml}): the
 * local folder under {@code SKIFF_HOME}, or an S3-compatible service ({@link S3Settings}).
 */
public sealed interface ArtifactStoreConfig permits ArtifactStoreConfig.Local, S3Settings {

  /** Artifacts under {@code $SKIFF_HOME/artifacts}, as {@code file://} URIs. */
  record Local() implements ArtifactStoreConfig {
    @Override
    public ArtifactStore open(Path home) {
      return new LocalArtifactStore(home.resolve("artifacts"));
    }
  }

  /** The local folder store. */
  ArtifactStoreConfig LOCAL = new Local();

  /**
   * Opens the store (for S3, a client; no request is sent yet).
   *
   * @param home {@code SKIFF_HOME}
   */
  ArtifactStore open(Path home);
}
