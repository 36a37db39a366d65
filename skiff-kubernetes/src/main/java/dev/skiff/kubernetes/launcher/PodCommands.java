package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.local.LocalLaunchBuilder;
import dev.skiff.engine.executor.local.python.LightweightCommand;
import dev.skiff.engine.executor.local.python.LightweightCommands;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expands a step's command line and environment against its final ExecutorInput, as the local
 * executor does ({@link PlaceholderResolver}, then Kubernetes' {@code $(VAR)} expansion of the
 * container's variables), and hands a lightweight Python component to {@link PythonInPod}.
 */
final class PodCommands {
  private PodCommands() {}

  /**
   * The command for the user's container.
   *
   * @param python how lightweight Python components run in this pod
   * @throws LauncherException when a placeholder does not expand or there is no command
   */
  static PodCommand build(StepLaunch launch, ExecutorInput input, PythonInPod python)
      throws LauncherException {
    ContainerSpec container = launch.container();
    PlaceholderResolver resolver = new PlaceholderResolver(input, launch.runInfo());
    List<String> commandLine = new ArrayList<>();
    try {
      commandLine.addAll(resolver.expandAll(container.command()));
      commandLine.addAll(resolver.expandAll(container.args()));
    } catch (RuntimeException e) {
      throw LauncherException.failed("cannot expand the command line: " + e.getMessage());
    }
    if (container.command().isEmpty()
        || commandLine.isEmpty()
        || commandLine.getFirst().isEmpty()) {
      throw LauncherException.failed(
          "the step has no command: Skiff runs it through /bin/sh and cannot start the image's own"
              + " entrypoint ("
              + container.image()
              + "); give the component a command");
    }
    Map<String, String> earlier = new LinkedHashMap<>(launch.env());
    Map<String, String> env = new LinkedHashMap<>();
    for (ContainerSpec.EnvVar v : container.env()) {
      String value;
      try {
        value = LocalLaunchBuilder.expandEnv(resolver.substitute(v.value()), earlier);
      } catch (RuntimeException e) {
        throw LauncherException.failed(
            "cannot expand environment variable " + v.name() + ": " + e.getMessage());
      }
      env.put(v.name(), value);
      earlier.put(v.name(), value);
    }
    PodCommand plain = new PodCommand(commandLine, launch.env(), env, Map.of(), "container");
    Optional<LightweightCommand> lightweight = LightweightCommands.parse(commandLine);
    return lightweight.isPresent() ? python.rewrite(plain, lightweight.get()) : plain;
  }
}
