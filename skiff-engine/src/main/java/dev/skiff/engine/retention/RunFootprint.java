package dev.skiff.engine.retention;

/**
 * What a run takes on disk beside its rows, or what deleting it freed.
 *
 * @param runId the run
 * @param logBytes the executor's files of the run: step logs, working folders
 * @param artifactBytes its output artifacts
 */
public record RunFootprint(String runId, long logBytes, long artifactBytes) {

  /** Both together. */
  public long totalBytes() {
    return logBytes + artifactBytes;
  }
}
