package dev.skiff.store.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A remote store as the default, with the local folder beside it: each URI goes to the store that
 * handles its scheme. A server on S3 still reads {@code file://} artifacts (an importer of a local
 * file, a run whose {@code pipeline_root} is a local folder).
 */
public final class RoutedArtifactStore implements ArtifactStore {
  private final ArtifactStore primary;
  private final List<ArtifactStore> stores;

  /**
   * A store whose default root is {@code primary}'s.
   *
   * @param primary the configured store (e.g. S3)
   * @param local the local folder store
   */
  public RoutedArtifactStore(ArtifactStore primary, LocalArtifactStore local) {
    this.primary = primary;
    this.stores = List.of(primary, local);
  }

  /** The configured store. */
  public ArtifactStore primary() {
    return primary;
  }

  @Override
  public String defaultRoot() {
    return primary.defaultRoot();
  }

  @Override
  public boolean handles(String uri) {
    return find(uri).isPresent();
  }

  @Override
  public String outputUri(String root, String runId, String taskPath, String output) {
    return find(root)
        .orElseThrow(() -> new IllegalArgumentException("no artifact store serves '" + root + "'"))
        .outputUri(root, runId, taskPath, output);
  }

  @Override
  public Optional<Path> localPath(String uri) {
    return find(uri).flatMap(s -> s.localPath(uri));
  }

  @Override
  public Optional<ArtifactStat> stat(String uri) throws IOException {
    Optional<ArtifactStore> s = find(uri);
    return s.isEmpty() ? Optional.empty() : s.get().stat(uri);
  }

  @Override
  public InputStream open(String uri) throws IOException {
    return of(uri).open(uri);
  }

  @Override
  public Stream<ArtifactFile> list(String folderUri) throws IOException {
    return of(folderUri).list(folderUri);
  }

  @Override
  public void download(String uri, Path target) throws IOException {
    of(uri).download(uri, target);
  }

  @Override
  public void upload(Path source, String uri) throws IOException {
    of(uri).upload(source, uri);
  }

  @Override
  public long runBytes(String root, String runId) throws IOException {
    return of(root).runBytes(root, runId);
  }

  @Override
  public long deleteRun(String root, String runId) throws IOException {
    return of(root).deleteRun(root, runId);
  }

  @Override
  public void close() {
    stores.forEach(ArtifactStore::close);
  }

  private Optional<ArtifactStore> find(String uri) {
    return stores.stream().filter(s -> s.handles(uri)).findFirst();
  }

  private ArtifactStore of(String uri) throws NoSuchFileException {
    return find(uri)
        .orElseThrow(() -> new NoSuchFileException(uri, null, "no artifact store serves it"));
  }
}
