package dev.skiff.pipeline.executor;

import java.net.URI;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * The local path a step reads or writes an artifact at, from its URI: KFP's {@code LocalPathForURI}
 * ({@code gs://b/k → /gcs/b/k}, {@code minio://} → {@code /minio/}, {@code s3://} → {@code /s3/},
 * {@code oci://r/m → /oci/r_m/models}), plus {@code file:} URIs, which map to their own path for
 * Skiff's local executor.
 */
public final class ArtifactPaths {

  private ArtifactPaths() {}

  /** The custom path if the artifact has one, else the URI mapping; empty for other schemes. */
  public static Optional<String> localPath(RuntimeArtifact artifact) {
    return artifact.customPath().isPresent()
        ? artifact.customPath()
        : localPathForUri(artifact.uri());
  }

  /** The URI mapping alone; empty for schemes with no local mount. */
  public static Optional<String> localPathForUri(String uri) {
    if (uri.startsWith("gs://")) {
      return Optional.of("/gcs/" + uri.substring("gs://".length()));
    }
    if (uri.startsWith("minio://")) {
      return Optional.of("/minio/" + uri.substring("minio://".length()));
    }
    if (uri.startsWith("s3://")) {
      return Optional.of("/s3/" + uri.substring("s3://".length()));
    }
    if (uri.startsWith("oci://")) {
      return Optional.of("/oci/" + uri.substring("oci://".length()).replace('/', '_') + "/models");
    }
    if (uri.startsWith("file:")) {
      try {
        return Optional.of(Paths.get(URI.create(uri)).toString());
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
