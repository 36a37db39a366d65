package dev.skiff.store.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where output artifacts live: it names them by URI and reads them back. One implementation per
 * kind of storage, chosen by configuration (a local folder in embedded mode; S3-compatible storage
 * in cluster mode). The engine only handles URIs; executors turn them into what their steps see (a
 * local path, a mounted or fetched file in a pod).
 */
public interface ArtifactStore {

  /** The default {@code pipeline_root}: the URI under which runs keep their artifacts. */
  String defaultRoot();

  /**
   * The URI of one output artifact of a run: {@code <root>/<run>/<task path>/<output>}.
   *
   * @param root the run's pipeline root (its own or {@link #defaultRoot()})
   * @param runId the run
   * @param taskPath the task's path in the run, e.g. {@code for-loop-2/0/train}
   * @param output the output's name
   * @throws IllegalArgumentException when a part would leave the root (e.g. {@code ..})
   */
  String outputUri(String root, String runId, String taskPath, String output);

  /**
   * The file (or folder) an artifact URI names on this machine, when the store keeps it in a local
   * folder; empty for remote URIs.
   */
  Optional<Path> localPath(String uri);

  /**
   * Reads an artifact that is a single file, streaming.
   *
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws IOException when it cannot be read
   */
  InputStream open(String uri) throws IOException;

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
}
