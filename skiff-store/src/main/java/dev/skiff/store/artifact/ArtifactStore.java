package dev.skiff.store.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where artifacts live: it names them by URI, reads them back and moves them between itself and
 * local files. One implementation per kind of storage, chosen by configuration ({@link
 * ArtifactStoreConfig}): a local folder ({@code file://} URIs) or S3-compatible storage ({@code
 * s3://bucket/key}). The engine only handles URIs; executors turn them into what their steps see (a
 * local path, a staged copy, a mount in a pod).
 *
 * <p>An artifact is a single file or a folder of files. In object storage a folder is every object
 * under {@code key/}. Reads stream: nothing here holds a whole artifact in memory.
 */
public interface ArtifactStore extends AutoCloseable {

  /** The default {@code pipeline_root}: the URI under which runs keep their artifacts. */
  String defaultRoot();

  /**
   * Whether this store reads and writes URIs like this one (its schemes; for a local store, {@code
   * file:}).
   */
  boolean handles(String uri);

  /**
   * The URI of one output artifact of a run: {@code <root>/<run>/<task path>/<output>}.
   *
   * @param root the run's pipeline root (its own or {@link #defaultRoot()}); a URI this store
   *     {@linkplain #handles handles}
   * @param runId the run
   * @param taskPath the task's path in the run, e.g. {@code for-loop-2/0/train}
   * @param output the output's name
   * @throws IllegalArgumentException when a part would leave the root (e.g. {@code ..}) or the root
   *     is not this store's
   */
  String outputUri(String root, String runId, String taskPath, String output);

  /**
   * The file (or folder) an artifact URI names on this machine, when the store keeps it in a local
   * folder; empty for remote URIs.
   */
  Optional<Path> localPath(String uri);

  /**
   * What is at the URI.
   *
   * @return empty when nothing is there
   * @throws IOException when the store cannot be asked
   */
  Optional<ArtifactStat> stat(String uri) throws IOException;

  /**
   * Reads an artifact that is a single file, streaming.
   *
   * @throws java.nio.file.NoSuchFileException when no file is there (nothing, or a folder)
   * @throws IOException when it cannot be read
   */
  InputStream open(String uri) throws IOException;

  /**
   * The files of a folder artifact, with paths relative to it ({@code /}-separated), lazily. Close
   * the stream.
   *
   * @throws IOException when the store cannot be listed
   */
  Stream<ArtifactFile> list(String folderUri) throws IOException;

  /**
   * Copies the artifact at {@code uri} (a file, or every file of a folder) to {@code target},
   * replacing what is there.
   *
   * @throws java.nio.file.NoSuchFileException when nothing is at the URI
   * @throws IOException when it cannot be read or written
   */
  void download(String uri, Path target) throws IOException;

  /**
   * Stores the local file or folder {@code source} at {@code uri}, streaming (a large file goes in
   * parts).
   *
   * @throws IOException when it cannot be read or stored
   */
  void upload(Path source, String uri) throws IOException;

  /**
   * How many bytes the artifacts of one run take: everything under {@code <root>/<run>/}.
   *
   * @param root the run's pipeline root (its own or {@link #defaultRoot()})
   * @throws IllegalArgumentException when {@code runId} is not a single path segment
   * @throws IOException when the artifacts cannot be listed
   */
  long runBytes(String root, String runId) throws IOException;

  /**
   * Deletes the artifacts of one run: everything under {@code <root>/<run>/}, and nothing outside
   * it. Idempotent.
   *
   * @param root the run's pipeline root (its own or {@link #defaultRoot()})
   * @return how many bytes were deleted
   * @throws IllegalArgumentException when {@code runId} is not a single path segment
   * @throws IOException when something could not be deleted
   */
  long deleteRun(String root, String runId) throws IOException;

  /** Releases connections; the default has none. */
  @Override
  default void close() {}
}
