package dev.skiff.engine.launch;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.python.PythonSteps;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputArtifactSpec;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import dev.skiff.pipeline.placeholder.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link StepLaunch} of one attempt: chooses output paths and URIs, builds the
 * ExecutorInput (with declared defaults), expands placeholders in command, args, env and resource
 * strings, and parses resources. A lightweight Python component's command is then adapted to the
 * host by {@link PythonSteps} (which may probe the interpreter and extract Skiff's runtime once).
 * It creates no files for the step: {@link #prepareDirectories} does.
 */
public final class LaunchBuilder {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  private final ArtifactLayout layout;
  private final PythonSteps python;

  /** A builder whose Python settings come from the environment ({@link PythonSteps}). */
  public LaunchBuilder(ArtifactLayout layout) {
    this(layout, PythonSteps.fromEnvironment(layout.home()));
  }

  /** A builder with explicit Python settings. */
  public LaunchBuilder(ArtifactLayout layout, PythonSteps python) {
    this.layout = layout;
    this.python = python;
  }

  /** A launch problem the step cannot run with (bad resource string, bad placeholder). */
  public static final class LaunchException extends Exception {
    LaunchException(String message) {
      super(message);
    }
  }

  /**
   * The launch of attempt {@code id}.
   *
   * @param inputs the task's resolved inputs
   * @param runInfo run values for placeholders
   * @param platformEnv variables from the platform settings ({@link KubernetesEnv}); the
   *     container's own env wins
   * @throws LaunchException when a placeholder or resource string cannot be used
   */
  public StepLaunch build(
      StepId id,
      ComponentSpec component,
      ContainerSpec container,
      TaskValues inputs,
      RunInfo runInfo,
      Map<String, String> platformEnv)
      throws LaunchException {
    ExecutorInput ei = executorInput(id, component, inputs);
    RunInfo info =
        runInfo.with("pipeline_root", layout.home().resolve("artifacts").toUri().toString());
    PlaceholderResolver resolver = new PlaceholderResolver(ei, info);
    List<String> commandLine = new ArrayList<>();
    try {
      commandLine.addAll(resolver.expandAll(container.command()));
      commandLine.addAll(resolver.expandAll(container.args()));
    } catch (RuntimeException e) {
      throw new LaunchException("cannot expand the command line: " + e.getMessage());
    }
    if (commandLine.isEmpty()) {
      throw new LaunchException(
          "the container has no command; locally Skiff cannot use the image's entrypoint ("
              + container.image()
              + ")");
    }
    Map<String, String> env = new LinkedHashMap<>(platformEnv);
    for (ContainerSpec.EnvVar v : container.env()) {
      env.put(v.name(), expandEnv(resolver.substitute(v.value()), env));
    }
    StepLaunch launch =
        new StepLaunch(
            id,
            container.image(),
            commandLine,
            env,
            resources(container.resources(), resolver),
            layout.workDir(id),
            layout.logFile(id),
            ei,
            component.outputDefinitions().parameters());
    return switch (python.plan(launch)) {
      case PythonSteps.Plan.Run run -> run.launch();
      case PythonSteps.Plan.Refuse refuse -> throw new LaunchException(refuse.message());
    };
  }

  /** The ExecutorInput of one attempt, defaults applied. */
  public ExecutorInput executorInput(StepId id, ComponentSpec component, TaskValues inputs) {
    Map<String, String> parameterFiles = new LinkedHashMap<>();
    component
        .outputDefinitions()
        .parameters()
        .keySet()
        .forEach(n -> parameterFiles.put(n, layout.outputsDir(id).resolve(n).toString()));
    Map<String, List<RuntimeArtifact>> outArtifacts = new LinkedHashMap<>();
    for (Map.Entry<String, OutputArtifactSpec> e :
        component.outputDefinitions().artifacts().entrySet()) {
      outArtifacts.put(
          e.getKey(),
          List.of(
              new RuntimeArtifact(
                  e.getKey(),
                  e.getValue().type(),
                  layout.artifactUri(id.runId(), id.taskPath(), e.getKey()),
                  e.getValue().metadata(),
                  Optional.empty())));
    }
    ExecutorInput ei =
        new ExecutorInput(
            new ExecutorInput.Inputs(inputs.parameters(), inputs.artifacts()),
            new ExecutorInput.Outputs(
                parameterFiles,
                outArtifacts,
                layout.outputsDir(id).resolve("executor_output.json").toString()));
    return ei.withDefaults(component.inputDefinitions());
  }

  /**
   * Creates the folders a launch writes into (work dir, output files' and artifacts' parents) and
   * writes its {@link StepLaunch#files()} into the work dir.
   */
  public static void prepareDirectories(StepLaunch launch) throws java.io.IOException {
    java.nio.file.Files.createDirectories(launch.workDir());
    for (Map.Entry<String, String> f : launch.files().entrySet()) {
      java.nio.file.Files.writeString(launch.workDir().resolve(f.getKey()), f.getValue());
    }
    java.nio.file.Files.createDirectories(launch.logFile().getParent());
    for (String f : launch.executorInput().outputs().parameterFiles().values()) {
      java.nio.file.Files.createDirectories(java.nio.file.Path.of(f).getParent());
    }
    java.nio.file.Files.createDirectories(
        java.nio.file.Path.of(launch.executorInput().outputs().outputFile()).getParent());
    for (List<RuntimeArtifact> list : launch.executorInput().outputs().artifacts().values()) {
      for (RuntimeArtifact a : list) {
        Optional<String> p = dev.skiff.pipeline.executor.ArtifactPaths.localPath(a);
        if (p.isPresent()) {
          java.nio.file.Files.createDirectories(java.nio.file.Path.of(p.get()).getParent());
        }
      }
    }
  }

  /**
   * Resources from the IR strings (placeholders resolved); limits win over requests.
   *
   * @throws LaunchException naming the field with a bad quantity
   */
  static ResourceRequest resources(ResourceSpec spec, PlaceholderResolver resolver)
      throws LaunchException {
    double cpus = 0;
    long memory = 0;
    Optional<String> cpu = spec.effectiveCpuLimit().or(spec::effectiveCpuRequest);
    Optional<String> mem = spec.effectiveMemoryLimit().or(spec::effectiveMemoryRequest);
    try {
      if (cpu.isPresent() && !resolver.substitute(cpu.get()).isBlank()) {
        cpus = Quantities.cpus(resolver.substitute(cpu.get()));
      }
      if (mem.isPresent() && !resolver.substitute(mem.get()).isBlank()) {
        memory = Quantities.bytes(resolver.substitute(mem.get()));
      }
    } catch (IllegalArgumentException e) {
      throw new LaunchException("resources: " + e.getMessage());
    }
    String type = null;
    int count = 0;
    if (spec.accelerator().isPresent()) {
      type = resolver.substitute(spec.accelerator().get().effectiveType());
      String c = resolver.substitute(spec.accelerator().get().effectiveCount());
      try {
        count = type.isBlank() ? 0 : (int) Math.round(Quantities.parse(c));
      } catch (IllegalArgumentException e) {
        throw new LaunchException("accelerator count: " + e.getMessage());
      }
      type = type.isBlank() ? null : type;
    }
    return new ResourceRequest(cpus, memory, type, count);
  }

  /** Kubernetes' {@code $(VAR)} expansion against the variables defined before. */
  static String expandEnv(String value, Map<String, String> earlier) {
    Matcher m = ENV_REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = earlier.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
