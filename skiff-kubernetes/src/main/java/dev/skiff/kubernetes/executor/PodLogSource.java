package dev.skiff.kubernetes.executor;

import dev.skiff.engine.executor.LogSource;
import dev.skiff.engine.executor.StepId;
import dev.skiff.kubernetes.pod.PodContract;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step logs: the {@code main} container's log while the step's pod exists, the archived copy in the
 * artifact store after ({@link PodContract#logUri}).
 */
final class PodLogSource implements LogSource {
  private final ArtifactStore store;
  private final ContainerLogs logs;
  private final Map<StepId, Live> live = new ConcurrentHashMap<>();
  private final Map<StepId, String> archived = new ConcurrentHashMap<>();

  private record Live(String namespace, String pod, String logUri) {}

  PodLogSource(ArtifactStore store, ContainerLogs logs) {
    this.store = store;
    this.logs = logs;
  }

  /** The attempt runs in this pod; its log will be archived at {@code logUri}. */
  void running(StepId id, String namespace, String pod, String logUri) {
    live.put(id, new Live(namespace, pod, logUri));
  }

  /** The attempt's log is archived (its pod is about to go). */
  void archived(StepId id, String logUri) {
    archived.put(id, logUri);
    live.remove(id);
  }

  @Override
  public Optional<InputStream> open(StepId attempt, long offset) throws IOException {
    Live l = live.get(attempt);
    if (l != null) {
      try {
        return Optional.of(skip(logs.open(l.namespace(), l.pod(), StepPodBuilder.MAIN), offset));
      } catch (NoSuchFileException e) {
        return fromStore(l.logUri(), offset);
      }
    }
    String uri = archived.get(attempt);
    if (uri == null) {
      // an attempt of an earlier server process, under the store's default root
      uri =
          store.outputUri(
              store.defaultRoot(),
              attempt.runId(),
              attempt.taskPath() + "/.skiff-attempt-" + attempt.attempt(),
              "log.txt");
    }
    return fromStore(uri, offset);
  }

  private Optional<InputStream> fromStore(String uri, long offset) throws IOException {
    try {
      return Optional.of(skip(store.open(uri), offset));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static InputStream skip(InputStream in, long offset) throws IOException {
    long left = offset;
    while (left > 0) {
      long n = in.skip(left);
      if (n <= 0) {
        if (in.read() < 0) {
          break; // the log is shorter than the offset: nothing new
        }
        n = 1;
      }
      left -= n;
    }
    return in;
  }
}
