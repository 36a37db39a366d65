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
 * @param runtime what runs the step, for people: {@value #CONTAINER} for a plain command, else e.g.
 *     {@code skiff-python-runtime 2.15.2+skiff.1.0.0}, {@code host kfp 2.9.0}, {@code sdk-pip}
 * @param files files to write (name relative to {@code workDir} → text) before the step starts,
 *     e.g. the source of a lightweight Python component
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
    Map<String, OutputParameterSpec> outputParameters,
    String runtime,
    Map<String, String> files) {

  /** The runtime of a step whose command runs as compiled. */
  public static final String CONTAINER = "container";

  public StepLaunch {
    commandLine = List.copyOf(commandLine);
    env = Map.copyOf(env);
    outputParameters = Map.copyOf(outputParameters);
    runtime = runtime == null || runtime.isBlank() ? CONTAINER : runtime;
    files = Map.copyOf(files);
  }

  /** A launch that runs its command as compiled and writes no extra files. */
  public StepLaunch(
      StepId id,
      String image,
      List<String> commandLine,
      Map<String, String> env,
      ResourceRequest resources,
      Path workDir,
      Path logFile,
      ExecutorInput executorInput,
      Map<String, OutputParameterSpec> outputParameters) {
    this(
        id,
        image,
        commandLine,
        env,
        resources,
        workDir,
        logFile,
        executorInput,
        outputParameters,
        CONTAINER,
        Map.of());
  }

  /** A copy that runs another command line with another environment, files and runtime. */
  public StepLaunch rewritten(
      List<String> newCommandLine,
      Map<String, String> newEnv,
      String newRuntime,
      Map<String, String> newFiles) {
    return new StepLaunch(
        id,
        image,
        newCommandLine,
        newEnv,
        resources,
        workDir,
        logFile,
        executorInput,
        outputParameters,
        newRuntime,
        newFiles);
  }
}
