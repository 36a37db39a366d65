package dev.skiff.store.artifact;

import dev.skiff.store.fs.FolderTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Artifacts as files under a local folder ({@code $SKIFF_HOME/artifacts} by default), named by
 * {@code file://} URIs. Every output URI it hands out resolves inside the folder of the root it was
 * made from. It reads any {@code file:} URI (an importer may name a file anywhere on this machine).
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
  public boolean handles(String uri) {
    return uri != null && uri.startsWith("file:");
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
    if (!handles(uri)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(URI.create(uri)).normalize());
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<ArtifactStat> stat(String uri) throws IOException {
    Optional<Path> p = localPath(uri);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    try {
      BasicFileAttributes a = Files.readAttributes(p.get(), BasicFileAttributes.class);
      return Optional.of(a.isDirectory() ? ArtifactStat.ofFolder() : ArtifactStat.ofFile(a.size()));
    } catch (NoSuchFileException e) {
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
    if (Files.isDirectory(p)) {
      throw new NoSuchFileException(uri, null, "a folder, not a file");
    }
    return Files.newInputStream(p);
  }

  @Override
  public Stream<ArtifactFile> list(String folderUri) throws IOException {
    Path dir = localPath(folderUri).orElseThrow(() -> new NoSuchFileException(folderUri));
    Stream<Path> walk = Files.walk(dir);
    return walk.filter(Files::isRegularFile)
        .sorted()
        .map(
            f -> {
              try {
                return new ArtifactFile(
                    dir.relativize(f).toString().replace('\\', '/'), Files.size(f));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .onClose(walk::close);
  }

  @Override
  public void download(String uri, Path target) throws IOException {
    Path from = localPath(uri).orElseThrow(() -> new NoSuchFileException(uri));
    if (!Files.exists(from)) {
      throw new NoSuchFileException(uri);
    }
    copyTree(from, target);
  }

  @Override
  public void upload(Path source, String uri) throws IOException {
    Path to = localPath(uri).orElseThrow(() -> new IOException("not a file: URI: " + uri));
    if (!to.equals(source.toAbsolutePath().normalize())) {
      copyTree(source, to);
    }
  }

  /** Copies a file, or a folder with everything in it, replacing files that are there. */
  static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.createDirectories(to.toAbsolutePath().getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(from)) {
      all = walk.toList();
    }
    for (Path p : all) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
