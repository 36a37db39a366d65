package dev.skiff.store.artifact;

/**
 * What an artifact URI names.
 *
 * @param folder true for a folder (in object storage: objects under {@code key/}), false for a file
 * @param size the file's size in bytes; -1 for a folder
 */
public record ArtifactStat(boolean folder, long size) {

  /** A file of {@code size} bytes. */
  public static ArtifactStat ofFile(long size) {
    return new ArtifactStat(false, size);
  }

  /** A folder. */
  public static ArtifactStat ofFolder() {
    return new ArtifactStat(true, -1);
  }
}
