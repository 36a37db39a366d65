package dev.skiff.engine.launch;

import dev.skiff.engine.executor.StepId;
import java.nio.file.Path;

/**
 * Where a run's files live under {@code SKIFF_HOME}:
 *
 * <pre>
 * artifacts/&lt;run&gt;/&lt;taskPath&gt;/&lt;output&gt;          output artifacts (file:// URIs)
 * runs/&lt;run&gt;/&lt;taskPath&gt;/attempt-N/log.txt       an attempt's stdout and stderr
 * runs/&lt;run&gt;/&lt;taskPath&gt;/attempt-N/work/         its working directory
 * runs/&lt;run&gt;/&lt;taskPath&gt;/attempt-N/outputs/      output parameter files, executor_output.json
 * </pre>
 *
 * @param home {@code SKIFF_HOME}
 */
public record ArtifactLayout(Path home) {
  public ArtifactLayout {
    home = home.toAbsolutePath().normalize();
  }

  /** The local path of an output artifact. */
  public Path artifact(String runId, String taskPath, String output) {
    return home.resolve("artifacts").resolve(runId).resolve(taskPath).resolve(output);
  }

  /** The {@code file://} URI of an output artifact. */
  public String artifactUri(String runId, String taskPath, String output) {
    return artifact(runId, taskPath, output).toUri().toString();
  }

  /** The folder of one attempt. */
  public Path attemptDir(StepId id) {
    return home.resolve("runs")
        .resolve(id.runId())
        .resolve(id.taskPath())
        .resolve("attempt-" + id.attempt());
  }

  /** The log file of one attempt. */
  public Path logFile(StepId id) {
    return attemptDir(id).resolve("log.txt");
  }

  /** The working directory of one attempt. */
  public Path workDir(StepId id) {
    return attemptDir(id).resolve("work");
  }

  /** The folder of one attempt's output parameter files and executor output. */
  public Path outputsDir(StepId id) {
    return attemptDir(id).resolve("outputs");
  }
}
