package dev.skiff.pipeline.model;

import java.util.Optional;

/**
 * A component: its interface and its implementation. The pipeline's {@code root} is a component
 * whose implementation is a DAG and whose inputs are the pipeline parameters.
 *
 * @param inputDefinitions declared inputs
 * @param outputDefinitions declared outputs
 * @param implementation a DAG or an executor reference
 */
public record ComponentSpec(
    ComponentInputs inputDefinitions,
    ComponentOutputs outputDefinitions,
    ComponentImpl implementation) {

  /** The DAG, when this component is one. */
  public Optional<DagSpec> dag() {
    return implementation instanceof DagSpec d ? Optional.of(d) : Optional.empty();
  }

  /** The executor label, when this component runs an executor. */
  public Optional<String> executorLabel() {
    return implementation instanceof ExecutorRef e
        ? Optional.of(e.executorLabel())
        : Optional.empty();
  }
}
