package dev.skiff.engine.executor;

import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.model.OutputParameterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One attempt of one container step, ready to run: the engine has resolved every input, expanded
 * every placeholder and chosen every path. An executor only runs it and collects what it wrote.
 *
 * @param id which attempt of which step
 * @param image the container image from the IR (recorded; a local executor runs on the host)
 * @param commandLine {@code command ++ args}, fully expanded
 * @param env environment variables the IR sets, already {@code $(VAR)}-expanded
 * @param resources what the step asks of the machine
 * @param workDir an empty folder for this attempt (the local executor's working directory)
 * @param logFile where this attempt's stdout and stderr go (the executor creates it)
 * @param executorInput the ExecutorInput the placeholders were expanded from: it names the output
 *     parameter files, the output artifacts (URIs and local paths) and the ExecutorOutput file
 * @param outputParameters the component's declared output parameters, to read the files by type
 */
public record StepLaunch(
    StepId id,
    String image,
    List<String> commandLine,
    Map<String, String> env,
    ResourceRequest resources,
    Path workDir,
    Path logFile,
    ExecutorInput executorInput,
    Map<String, OutputParameterSpec> outputParameters) {

  public StepLaunch {
    commandLine = List.copyOf(commandLine);
    env = Map.copyOf(env);
    outputParameters = Map.copyOf(outputParameters);
  }
}
