package dev.skiff.store.artifact;

import java.util.Objects;

/**
 * One file of a folder artifact.
 *
 * @param path its path relative to the folder, {@code /}-separated, never {@code ..}
 * @param size its size in bytes
 */
public record ArtifactFile(String path, long size) {
  public ArtifactFile {
    Objects.requireNonNull(path, "path");
  }
}
