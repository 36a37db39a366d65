package dev.skiff.store.artifact;

import dev.skiff.store.fs.FolderTree;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Artifacts as files under a local folder ({@code $SKIFF_HOME/artifacts} by default), named by
 * {@code file://} URIs. Every URI it hands out resolves inside the folder it was made from.
 */
public final class LocalArtifactStore implements ArtifactStore {
  private final Path root;

  /** A store under {@code root} (made absolute). */
  public LocalArtifactStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** The folder. */
  public Path root() {
    return root;
  }

  @Override
  public String defaultRoot() {
    return root.toUri().toString();
  }

  @Override
  public String outputUri(String rootUri, String runId, String taskPath, String output) {
    Path base = localPath(rootUri).orElse(root);
    Path p = base;
    for (String part : new String[] {runId, taskPath, output}) {
      p = p.resolve(part);
    }
    p = p.normalize();
    Path under = base.resolve(runId).normalize();
    if (!p.startsWith(under) || p.equals(under)) {
      throw new IllegalArgumentException(
          "artifact path leaves its run's folder: run "
              + runId
              + ", task "
              + taskPath
              + ", output "
              + output);
    }
    return p.toUri().toString();
  }

  @Override
  public Optional<Path> localPath(String uri) {
    if (uri == null || !uri.startsWith("file:")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(URI.create(uri)).normalize());
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public long runBytes(String rootUri, String runId) throws IOException {
    return FolderTree.bytes(runFolder(rootUri, runId));
  }

  @Override
  public long deleteRun(String rootUri, String runId) throws IOException {
    return FolderTree.delete(runFolder(rootUri, runId));
  }

  /** {@code <root>/<run>}, checked to be a folder directly inside the root. */
  private Path runFolder(String rootUri, String runId) {
    Path base = localPath(rootUri).orElse(root);
    Path folder = base.resolve(runId).normalize();
    if (runId.isEmpty() || !base.equals(folder.getParent())) {
      throw new IllegalArgumentException("run id '" + runId + "' is not a folder name");
    }
    return folder;
  }

  @Override
  public InputStream open(String uri) throws IOException {
    Path p = localPath(uri).orElseThrow(() -> new NoSuchFileException(uri));
    return Files.newInputStream(p);
  }
}
