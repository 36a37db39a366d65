package dev.skiff.engine.executor;

import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** How one attempt of a step ended. */
public sealed interface StepResult {

  /** How long the attempt ran (zero if it never started, or when not known). */
  Duration took();

  /**
   * The step exited 0 and every declared output was collected.
   *
   * @param outputParameters output parameter values, typed by the component's declarations
   * @param outputArtifacts output artifacts with the metadata the step wrote (URI possibly
   *     overridden by ExecutorOutput)
   */
  record Succeeded(
      Map<String, JsonValue> outputParameters,
      Map<String, List<RuntimeArtifact>> outputArtifacts,
      Duration took)
      implements StepResult {}

  /**
   * The step failed: a non-zero exit, a missing or malformed output, a process that could not be
   * started.
   *
   * @param message one line for people, e.g. {@code exit code 3} or {@code output parameter
   *     'accuracy' was not written}
   * @param exitCode the process exit code, or null when it did not exit on its own
   */
  record Failed(String message, Integer exitCode, Duration took) implements StepResult {}

  /** The step was canceled and everything it started stopped. */
  record Canceled(Duration took) implements StepResult {}

  /**
   * The step can never run here: it asks for more than the machine has, or its launch cannot be
   * prepared (a placeholder that does not expand, a command the host cannot run). Retrying does not
   * help.
   *
   * @param message e.g. {@code asks for 2 nvidia.com/gpu; this machine has 0}
   */
  record Unschedulable(String message) implements StepResult {
    @Override
    public Duration took() {
      return Duration.ZERO;
    }
  }

  /**
   * After a restart, the executor cannot tell how an attempt that a previous process started ended
   * (it was stopped, or its result is gone). The engine runs the step again as a new attempt, which
   * does not count against its retries: the platform, not the step, failed.
   *
   * @param message what happened to it
   */
  record Lost(String message) implements StepResult {
    @Override
    public Duration took() {
      return Duration.ZERO;
    }
  }
}
