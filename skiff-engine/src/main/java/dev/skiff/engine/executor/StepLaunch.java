package dev.skiff.engine.executor;

import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputParameterSpec;
import dev.skiff.pipeline.placeholder.RunInfo;
import java.util.Map;
import java.util.Objects;

/**
 * One attempt of one container step, described logically: what to run and on what, not where. The
 * engine has resolved every input; the executor chooses where the step sees its inputs and writes
 * its outputs (local paths, mounts in a pod), builds the final ExecutorInput from {@link
 * #executorInput()}, expands the placeholders of {@link ContainerSpec#command()} and {@link
 * ContainerSpec#args()} against it, and runs the result. Building a launch does no I/O, so the
 * engine can build the same launch again after a restart to {@linkplain StepExecutor#reclaim
 * reclaim} an attempt.
 *
 * @param id which attempt of which step
 * @param profile the profile (namespace) the run belongs to
 * @param container the IR's container: image, command and args (placeholders not yet expanded),
 *     env, resource strings
 * @param executorInput the step's inputs (parameter values with declared defaults, input artifacts
 *     by URI) and its output artifacts with the URIs they are to be stored at; output parameter
 *     files and the ExecutorOutput file are left for the executor to choose (empty)
 * @param outputParameters the component's declared output parameters (names and types)
 * @param runInfo run-level placeholder values ({@code pipeline_job_name}, {@code pipeline_root}, …)
 * @param env environment variables the platform settings give the step ({@code fieldPathAsEnv}),
 *     before the container's own {@code env}
 * @param platformConfig the step's executor section of the Kubernetes platform document ({@code {}}
 *     when there is none): secrets, volumes, node selectors — for executors that can use them
 * @param resources what the step asks of the machine, parsed
 */
public record StepLaunch(
    StepId id,
    String profile,
    ContainerSpec container,
    ExecutorInput executorInput,
    Map<String, OutputParameterSpec> outputParameters,
    RunInfo runInfo,
    Map<String, String> env,
    JsonValue.Obj platformConfig,
    ResourceRequest resources) {

  public StepLaunch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(executorInput, "executorInput");
    outputParameters = Map.copyOf(outputParameters);
    Objects.requireNonNull(runInfo, "runInfo");
    env = Map.copyOf(env);
    Objects.requireNonNull(platformConfig, "platformConfig");
    Objects.requireNonNull(resources, "resources");
  }

  /** The container image the IR names. */
  public String image() {
    return container.image();
  }
}
