package dev.skiff.engine.retention;

import dev.skiff.engine.executor.RunFiles;
import dev.skiff.engine.run.RunState;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoredRun;
import dev.skiff.store.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Deletes a finished run: its cache entries first (so no new run starts reusing it), then the
 * executor's files of the run (step logs, working folders), its artifacts, and last its rows. A run
 * whose files could not all be deleted keeps its rows, so that a later attempt finds it again.
 *
 * <p>A run in progress is never deleted, nor a run whose outputs another run reuses through the
 * cache: a cached task holds the URIs of the artifacts that the run which computed it wrote.
 */
public final class RunRemover {
  private final RunRepository runs;
  private final RunFiles files;
  private final ArtifactStore artifacts;

  /**
   * A remover over the store, the executor's files and the artifact store.
   *
   * @param files {@link dev.skiff.engine.executor.StepExecutor#runFiles()} of the executor that ran
   *     the runs
   */
  public RunRemover(RunRepository runs, RunFiles files, ArtifactStore artifacts) {
    this.runs = Objects.requireNonNull(runs, "runs");
    this.files = Objects.requireNonNull(files, "files");
    this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
  }

  /** What the run takes on disk now, beside its rows. */
  public RunFootprint measure(String runId) throws IOException {
    return new RunFootprint(
        runId, files.bytes(runId), artifacts.runBytes(artifacts.defaultRoot(), runId));
  }

  /** The bytes of the executor's files of the run (its step logs). */
  long logBytes(String runId) throws IOException {
    return files.bytes(runId);
  }

  /** Deletes the executor's files of the run (its step logs); the run stays. */
  long deleteLogs(String runId) throws IOException {
    return files.delete(runId);
  }

  /**
   * Deletes a finished run that no other run reuses, with its rows, step files and artifacts.
   *
   * @return what was freed; empty when there is no such run
   * @throws RunNotDeletableException when the run is in progress, or other runs reuse its outputs
   *     through the cache; nothing is deleted
   * @throws UncheckedIOException when its files could not all be deleted; its rows stay
   */
  public Optional<RunFootprint> delete(String runId) {
    try {
      return remove(runId, Set.of());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the files of run " + runId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes finished runs that go together (e.g. all of a profile's): reuse through the cache among
   * them does not hold any back.
   *
   * @throws RunNotDeletableException when one is in progress or a run outside the set reuses one;
   *     the runs deleted before it stay deleted
   * @throws UncheckedIOException when files could not all be deleted
   */
  public void deleteAll(java.util.Collection<String> runIds) {
    Set<String> going = Set.copyOf(runIds);
    for (String id : runIds) {
      try {
        remove(id, going);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot delete the files of run " + id + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Deletes a finished run whose reusers, if any, all go too.
   *
   * @param goingToo runs deleted in the same pass, which may reuse this one's outputs
   * @return what was freed; empty when there is no such run
   * @throws RunNotDeletableException when the run is in progress, or a run not in {@code goingToo}
   *     reuses its outputs
   */
  Optional<RunFootprint> remove(String runId, Set<String> goingToo) throws IOException {
    Optional<StoredRun> stored = runs.find(runId);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    String state = stored.get().state();
    if (!RunState.valueOf(state).isTerminal()) {
      throw new RunNotDeletableException(
          "run " + runId + " is " + state + "; cancel it, or delete it once it has finished");
    }
    List<String> reusers =
        runs.reusers(List.of(runId)).getOrDefault(runId, Set.of()).stream()
            .filter(r -> !goingToo.contains(r))
            .toList();
    if (!reusers.isEmpty()) {
      throw new RunNotDeletableException(
          "run "
              + runId
              + " cannot be deleted: "
              + reusers.size()
              + (reusers.size() == 1 ? " other run reuses" : " other runs reuse")
              + " its outputs through the cache (e.g. "
              + reusers.getFirst()
              + "); delete "
              + (reusers.size() == 1 ? "it" : "them")
              + " first");
    }
    runs.forgetCache(runId);
    long logBytes = files.delete(runId);
    long artifactBytes = artifacts.deleteRun(artifacts.defaultRoot(), runId);
    runs.deleteFinished(runId);
    return Optional.of(new RunFootprint(runId, logBytes, artifactBytes));
  }
}
