package dev.skiff.kubernetes.pod;

import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * What the in-pod launcher reports about one attempt, written as JSON to {@link
 * PodContract#reportUri} after every output artifact is stored.
 */
public sealed interface AttemptReport {

  /**
   * The command exited 0 and every declared output was collected and stored.
   *
   * @param outputParameters typed output parameter values
   * @param outputArtifacts output artifacts with their final URIs and metadata
   * @param millis how long the user's command ran
   */
  record Succeeded(
      Map<String, JsonValue> outputParameters,
      Map<String, List<RuntimeArtifact>> outputArtifacts,
      long millis)
      implements AttemptReport {}

  /**
   * The step failed: a non-zero exit, a missing or malformed output, inputs that could not be
   * fetched.
   *
   * @param message one line for people
   * @param exitCode the command's exit code, or null when it never ran or did not exit by itself
   * @param millis how long the user's command ran (0 when it never ran)
   */
  record Failed(String message, Integer exitCode, long millis) implements AttemptReport {}
}
