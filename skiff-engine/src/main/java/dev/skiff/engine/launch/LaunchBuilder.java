package dev.skiff.engine.launch;

import dev.skiff.engine.executor.ResourceRequest;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.OutputArtifactSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.ResourceSpec;
import dev.skiff.pipeline.placeholder.PlaceholderResolver;
import dev.skiff.pipeline.placeholder.RunInfo;
import dev.skiff.store.artifact.ArtifactStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the executor-neutral {@link StepLaunch} of one attempt: the step's ExecutorInput with
 * declared defaults and the URIs its output artifacts are to be stored at (from the {@link
 * ArtifactStore}), and its parsed resources. Pure: the same arguments give the same launch, which
 * is what lets a restarted engine reclaim an attempt.
 */
public final class LaunchBuilder {
  private final ArtifactStore artifacts;

  /** A builder naming output artifacts in {@code artifacts}. */
  public LaunchBuilder(ArtifactStore artifacts) {
    this.artifacts = artifacts;
  }

  /** The store that names (and holds) the artifacts. */
  public ArtifactStore artifacts() {
    return artifacts;
  }

  /**
   * The pipeline root a run's artifacts go under: the run's own ({@link
   * dev.skiff.engine.run.RunOptions#pipelineRoot()}, checked when it was submitted), else the
   * pipeline's {@code defaultPipelineRoot} when the store serves it, else the store's default. A
   * compiled-in root the store cannot serve (e.g. {@code gs://} on a local install) is passed over
   * rather than failing every step, as the same pipeline runs unchanged on Kubeflow and here.
   */
  public String rootFor(RunRecord run, PipelineSpec spec) {
    if (!run.options().pipelineRoot().isEmpty()) {
      return normalizeRoot(run.options().pipelineRoot()).orElse(run.options().pipelineRoot());
    }
    return spec.defaultPipelineRoot()
        .flatMap(LaunchBuilder::normalizeRoot)
        .filter(artifacts::handles)
        .orElseGet(artifacts::defaultRoot);
  }

  /**
   * A pipeline root as a URI: URIs as they are (a trailing {@code /} dropped), an absolute local
   * path as its {@code file://} URI; empty for anything else.
   */
  public static Optional<String> normalizeRoot(String root) {
    String r = root.strip();
    if (r.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      while (r.endsWith("/") && !r.endsWith("://") && !r.equals("file:/")) {
        r = r.substring(0, r.length() - 1);
      }
      return Optional.of(r);
    }
    if (!r.startsWith("/")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(r).normalize().toUri().toString());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }

  /** A launch problem the step cannot run with (a bad resource string, an unusable name). */
  public static final class LaunchException extends Exception {
    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
      super(message);
    }
  }

  /**
   * The launch of attempt {@code id}.
   *
   * @param profile the run's profile
   * @param inputs the task's resolved inputs
   * @param runInfo run values for placeholders
   * @param platformSpec the pipeline's platform document ({@code {}} when it has none)
   * @param podName the name the step's pod has (Kubernetes' downward API names it)
   * @param root the run's pipeline root ({@link #rootFor})
   * @throws LaunchException when a resource string, an output or the root cannot be used
   */
  public StepLaunch build(
      StepId id,
      String profile,
      ComponentSpec component,
      ContainerSpec container,
      TaskValues inputs,
      RunInfo runInfo,
      JsonValue.Obj platformSpec,
      String podName,
      String root)
      throws LaunchException {
    if (!artifacts.handles(root)) {
      throw new LaunchException(
          "pipeline root '" + root + "' is not served by this server's artifact store");
    }
    ExecutorInput ei = executorInput(id, component, inputs, root);
    RunInfo info = runInfo.with("pipeline_root", root);
    String label = component.executorLabel().orElse("");
    String namespace = profile.isEmpty() ? "default" : profile;
    return new StepLaunch(
        id,
        profile,
        container,
        ei,
        component.outputDefinitions().parameters(),
        info,
        KubernetesEnv.of(platformSpec, label, podName, namespace),
        KubernetesEnv.executorConfig(platformSpec, label).orElse(JsonValue.Obj.EMPTY),
        resources(container.resources(), new PlaceholderResolver(ei, info)));
  }

  private ExecutorInput executorInput(
      StepId id, ComponentSpec component, TaskValues inputs, String root) throws LaunchException {
    Map<String, List<RuntimeArtifact>> outArtifacts = new LinkedHashMap<>();
    for (Map.Entry<String, OutputArtifactSpec> e :
        component.outputDefinitions().artifacts().entrySet()) {
      String uri;
      try {
        uri = artifacts.outputUri(root, id.runId(), id.taskPath(), e.getKey());
      } catch (IllegalArgumentException bad) {
        throw new LaunchException(bad.getMessage());
      }
      outArtifacts.put(
          e.getKey(),
          List.of(
              new RuntimeArtifact(
                  e.getKey(),
                  e.getValue().type(),
                  uri,
                  e.getValue().metadata(),
                  Optional.empty())));
    }
    ExecutorInput ei =
        new ExecutorInput(
            new ExecutorInput.Inputs(inputs.parameters(), inputs.artifacts()),
            new ExecutorInput.Outputs(Map.of(), outArtifacts, ""));
    return ei.withDefaults(component.inputDefinitions());
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
}
