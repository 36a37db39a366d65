package dev.skiff.pipeline.model;

import java.util.Map;
import java.util.Optional;

/**
 * A KFP v2 pipeline ({@code ml_pipelines.PipelineSpec}, the first YAML document of a compiled
 * pipeline).
 *
 * @param pipelineInfo name and description
 * @param root the pipeline itself: a DAG whose inputs are the pipeline parameters
 * @param components every other component by name (e.g. {@code comp-train}, {@code
 *     comp-for-loop-2})
 * @param executors {@code deploymentSpec.executors} by executor label
 * @param schemaVersion e.g. {@code 2.1.0}
 * @param sdkVersion e.g. {@code kfp-2.13.0}; empty when unset
 * @param defaultPipelineRoot the artifact root chosen at compile time, if any
 */
public record PipelineSpec(
    PipelineInfo pipelineInfo,
    ComponentSpec root,
    Map<String, ComponentSpec> components,
    Map<String, ExecutorSpec> executors,
    String schemaVersion,
    String sdkVersion,
    Optional<String> defaultPipelineRoot) {

  /** Copies the maps, keeping their order. */
  public PipelineSpec {
    components = Copies.map(components);
    executors = Copies.map(executors);
  }

  /** The component with this name. */
  public Optional<ComponentSpec> component(String name) {
    return Optional.ofNullable(components.get(name));
  }

  /** The executor with this label. */
  public Optional<ExecutorSpec> executor(String label) {
    return Optional.ofNullable(executors.get(label));
  }

  /** The executor that runs {@code component}, when it is an executor component. */
  public Optional<ExecutorSpec> executorOf(ComponentSpec component) {
    return component.executorLabel().flatMap(this::executor);
  }
}
