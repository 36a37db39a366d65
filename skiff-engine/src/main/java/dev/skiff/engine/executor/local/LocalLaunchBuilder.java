package dev.skiff.engine.executor.local;

import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.local.python.PythonSteps;
import dev.skiff.pipeline.executor.ArtifactPaths;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import dev.skiff.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an executor-neutral {@link StepLaunch} into a {@link LocalLaunch}: chooses the attempt's
 * folders and output files, expands placeholders, and lets {@link PythonSteps} adapt a lightweight
 * Python component to this host. A step whose SDK is the host's own KFP gets artifact URIs as plain
 * paths, as {@code kfp.local} gives them (the SDK takes any other URI literally as a path).
 */
public final class LocalLaunchBuilder {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
  private static final String HOST_KFP = "host kfp ";

  private final AttemptFolders folders;
  private final PythonSteps python;
  private final ArtifactStaging staging;

  LocalLaunchBuilder(AttemptFolders folders, PythonSteps python) {
    this(folders, python, ArtifactStaging.NONE);
  }

  LocalLaunchBuilder(AttemptFolders folders, PythonSteps python, ArtifactStaging staging) {
    this.folders = folders;
    this.python = python;
    this.staging = staging;
  }

  /** Where the attempt's remote artifacts are staged ({@link ArtifactStaging}). */
  Path stagingRoot(dev.skiff.engine.executor.StepId id) {
    return ArtifactStaging.root(folders.attemptDir(id));
  }

  /** The launch cannot be made into a process here; the message says why. */
  static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /** Where the attempt's exit status is written once it exits. */
  Path exitFile(dev.skiff.engine.executor.StepId id) {
    return folders.exitFile(id);
  }

  /**
   * The attempt's ExecutorInput with local files: what the step is told, and what its outputs are
   * collected from; artifacts in a remote store get staging paths ({@link ArtifactStaging}).
   * Deterministic, so a restarted engine finds the same files.
   */
  ExecutorInput localInput(StepLaunch launch) throws RefusedException {
    Path outputs;
    Path stagingRoot;
    try {
      outputs = folders.outputsDir(launch.id());
      stagingRoot = stagingRoot(launch.id());
    } catch (IllegalArgumentException e) {
      throw new RefusedException(e.getMessage());
    }
    Map<String, String> parameterFiles = new LinkedHashMap<>();
    for (String name : launch.outputParameters().keySet()) {
      Path file = outputs.resolve(name).normalize();
      if (!file.startsWith(outputs) || file.equals(outputs)) {
        throw new RefusedException("output parameter name '" + name + "' is not a file name");
      }
      parameterFiles.put(name, file.toString());
    }
    ExecutorInput logical = launch.executorInput();
    ExecutorInput local =
        new ExecutorInput(
            logical.inputs(),
            new ExecutorInput.Outputs(
                parameterFiles,
                logical.outputs().artifacts(),
                outputs.resolve("executor_output.json").toString()));
    try {
      return staging.assign(local, stagingRoot);
    } catch (IllegalArgumentException e) {
      throw new RefusedException(e.getMessage());
    }
  }

  /**
   * The process to run.
   *
   * @throws RefusedException when the step cannot run here (a placeholder that does not expand, no
   *     command, a Python component whose packages are missing)
   */
  LocalLaunch build(StepLaunch launch) throws RefusedException {
    ExecutorInput input = localInput(launch);
    LocalLaunch local = expand(launch, input);
    LocalLaunch planned = plan(local);
    if (planned.runtime().startsWith(HOST_KFP)) {
      // The SDK's Artifact.path is the URI itself unless it is gs://, s3:// or minio:// (those
      // map to mounts that do not exist here): staged artifacts are given as their staging paths.
      ExecutorInput paths = withPathUris(input, stagingRoot(launch.id()));
      LocalLaunch again = plan(expand(launch, paths));
      if (again.runtime().equals(planned.runtime())) {
        return again;
      }
    }
    return planned;
  }

  private LocalLaunch plan(LocalLaunch local) throws RefusedException {
    return switch (python.plan(local)) {
      case PythonSteps.Plan.Run run -> run.launch();
      case PythonSteps.Plan.Refuse refuse -> throw new RefusedException(refuse.message());
    };
  }

  private LocalLaunch expand(StepLaunch launch, ExecutorInput input) throws RefusedException {
    ContainerSpec container = launch.container();
    PlaceholderResolver resolver = new PlaceholderResolver(input, launch.runInfo());
    List<String> commandLine = new ArrayList<>();
    try {
      commandLine.addAll(resolver.expandAll(container.command()));
      commandLine.addAll(resolver.expandAll(container.args()));
    } catch (RuntimeException e) {
      throw new RefusedException("cannot expand the command line: " + e.getMessage());
    }
    if (commandLine.isEmpty() || commandLine.getFirst().isEmpty()) {
      throw new RefusedException(
          "the step has no command: the image's own entrypoint ("
              + container.image()
              + ") cannot run on the host; give the component a command");
    }
    Map<String, String> env = new LinkedHashMap<>(launch.env());
    for (ContainerSpec.EnvVar v : container.env()) {
      env.put(v.name(), expandEnv(resolver.substitute(v.value()), env));
    }
    try {
      return new LocalLaunch(
          launch.id(),
          container.image(),
          commandLine,
          env,
          launch.resources(),
          folders.workDir(launch.id()),
          folders.logFile(launch.id()),
          folders.exitFile(launch.id()),
          input,
          launch.outputParameters(),
          LocalLaunch.CONTAINER,
          Map.of());
    } catch (IllegalArgumentException e) {
      throw new RefusedException(e.getMessage());
    }
  }

  /** A copy whose {@code file:} artifact URIs are plain paths. */
  static ExecutorInput withPathUris(ExecutorInput input) {
    return withPathUris(input, null);
  }

  /**
   * A copy whose {@code file:} artifact URIs are plain paths, and whose artifacts staged under
   * {@code stagingRoot} (when not null) have their staging path as URI.
   */
  static ExecutorInput withPathUris(ExecutorInput input, Path stagingRoot) {
    return new ExecutorInput(
        new ExecutorInput.Inputs(
            input.inputs().parameterValues(), pathUris(input.inputs().artifacts(), stagingRoot)),
        new ExecutorInput.Outputs(
            input.outputs().parameterFiles(),
            pathUris(input.outputs().artifacts(), stagingRoot),
            input.outputs().outputFile()));
  }

  private static Map<String, List<RuntimeArtifact>> pathUris(
      Map<String, List<RuntimeArtifact>> artifacts, Path stagingRoot) {
    Map<String, List<RuntimeArtifact>> out = new LinkedHashMap<>();
    artifacts.forEach(
        (name, list) ->
            out.put(
                name,
                list.stream()
                    .map(
                        a -> {
                          if (a.uri().startsWith("file:")) {
                            return new RuntimeArtifact(
                                a.name(),
                                a.type(),
                                ArtifactPaths.localPathForUri(a.uri()).orElse(a.uri()),
                                a.metadata(),
                                a.customPath());
                          }
                          if (stagingRoot != null
                              && a.customPath().isPresent()
                              && Path.of(a.customPath().get()).startsWith(stagingRoot)) {
                            return new RuntimeArtifact(
                                a.name(),
                                a.type(),
                                a.customPath().get(),
                                a.metadata(),
                                a.customPath());
                          }
                          return a;
                        })
                    .toList()));
    return out;
  }

  /**
   * Creates the folders a launch writes into (work dir, output files' and artifacts' parents) and
   * writes its {@link LocalLaunch#files()} into the work dir.
   */
  static void prepareDirectories(LocalLaunch launch) throws IOException {
    // Each distinct folder once: most lie in the attempt's folder, made by the first call.
    Set<Path> dirs = new LinkedHashSet<>();
    dirs.add(launch.workDir());
    dirs.add(launch.logFile().getParent());
    for (String f : launch.executorInput().outputs().parameterFiles().values()) {
      dirs.add(Path.of(f).getParent());
    }
    dirs.add(Path.of(launch.executorInput().outputs().outputFile()).getParent());
    for (List<RuntimeArtifact> list : launch.executorInput().outputs().artifacts().values()) {
      for (RuntimeArtifact a : list) {
        Optional<String> p =
            a.uri().startsWith("/") ? Optional.of(a.uri()) : ArtifactPaths.localPath(a);
        p.ifPresent(path -> dirs.add(Path.of(path).getParent()));
      }
    }
    for (Path d : dirs) {
      PrivateFiles.createDirectories(d); // 0700: a step's inputs and outputs are its owner's
    }
    for (Map.Entry<String, String> f : launch.files().entrySet()) {
      PrivateFiles.writeString(launch.workDir().resolve(f.getKey()), f.getValue());
    }
  }

  /**
   * Kubernetes' {@code $(VAR)} expansion against the variables defined before (public for the
   * Kubernetes launcher, which sets a step's variables in its run script).
   */
  public static String expandEnv(String value, Map<String, String> earlier) {
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
