package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.model.OutputParameterSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One attempt as a process on this machine: a {@link dev.skiff.engine.executor.StepLaunch} with
 * every path chosen and every placeholder expanded.
 *
 * @param id which attempt of which step
 * @param image the container image from the IR (recorded; the command runs on the host)
 * @param commandLine {@code command ++ args}, fully expanded
 * @param env environment variables the IR and the platform settings set, {@code $(VAR)}-expanded
 * @param resources what the step asks of the machine
 * @param workDir an empty folder for this attempt, its working directory
 * @param logFile where its stdout and stderr go
 * @param exitFile where its exit status is written once it exits, so that a restarted engine can
 *     adopt a result it did not see
 * @param executorInput the ExecutorInput the placeholders were expanded from: local output
 *     parameter files, output artifacts (URIs and local paths) and the ExecutorOutput file
 * @param outputParameters the component's declared output parameters, to read the files by type
 * @param runtime what runs the step, for people: {@value #CONTAINER} for a plain command, else e.g.
 *     {@code skiff-python-runtime 2.15.2+skiff.1.0.0}, {@code host kfp 2.9.0}, {@code sdk-pip}
 * @param files files to write (name relative to {@code workDir} → text) before the step starts,
 *     e.g. the source of a lightweight Python component
 */
public record LocalLaunch(
    StepId id,
    String image,
    List<String> commandLine,
    Map<String, String> env,
    ResourceRequest resources,
    Path workDir,
    Path logFile,
    Path exitFile,
    ExecutorInput executorInput,
    Map<String, OutputParameterSpec> outputParameters,
    String runtime,
    Map<String, String> files) {

  /**
   * Where the step's handle is written once it runs, beside {@link #exitFile}: a later start of the
   * same attempt (its first start was never recorded) finds the process to stop there.
   */
  public Path handleFile() {
    return handleFileBeside(exitFile);
  }

  /** Where the handle of the attempt whose exit status goes to {@code exitFile} is written. */
  static Path handleFileBeside(Path exitFile) {
    return exitFile.resolveSibling("handle");
  }

  /** The runtime of a step whose command runs as compiled. */
  public static final String CONTAINER = "container";

  public LocalLaunch {
    commandLine = List.copyOf(commandLine);
    env = Map.copyOf(env);
    outputParameters = Map.copyOf(outputParameters);
    runtime = runtime == null || runtime.isBlank() ? CONTAINER : runtime;
    files = Map.copyOf(files);
  }

  /** A copy that runs another command line with another environment, files and runtime. */
  public LocalLaunch rewritten(
      List<String> newCommandLine,
      Map<String, String> newEnv,
      String newRuntime,
      Map<String, String> newFiles) {
    return new LocalLaunch(
        id,
        image,
        newCommandLine,
        newEnv,
        resources,
        workDir,
        logFile,
        exitFile,
        executorInput,
        outputParameters,
        newRuntime,
        newFiles);
  }

  /** A copy with another ExecutorInput (the command line is not expanded again). */
  public LocalLaunch withExecutorInput(ExecutorInput input) {
    return new LocalLaunch(
        id,
        image,
        commandLine,
        env,
        resources,
        workDir,
        logFile,
        exitFile,
        input,
        outputParameters,
        runtime,
        files);
  }
}
