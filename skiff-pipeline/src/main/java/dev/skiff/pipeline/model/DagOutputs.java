package dev.skiff.pipeline.model;

import java.util.List;
import java.util.Map;

/**
 * The {@code dag.outputs} block.
 *
 * @param parameters output parameters by name
 * @param artifacts output artifacts by name, each a list of selectors (several selectors mean "the
 *     one that was produced", as for {@code dsl.OneOf})
 */
public record DagOutputs(
    Map<String, DagOutputParameter> parameters, Map<String, List<ArtifactSelector>> artifacts) {

  /** No outputs. */
  public static final DagOutputs NONE = new DagOutputs(Map.of(), Map.of());

  /** Copies the maps and lists. */
  public DagOutputs {
    parameters = Copies.map(parameters);
    Map<String, List<ArtifactSelector>> copied = new java.util.LinkedHashMap<>();
    artifacts.forEach((k, v) -> copied.put(k, List.copyOf(v)));
    artifacts = Copies.map(copied);
  }

  /** Selects an output artifact of a sub-task. */
  public record ArtifactSelector(String producerSubtask, String outputArtifactKey) {}

  /** Selects an output parameter of a sub-task. */
  public record ParameterSelector(String producerSubtask, String outputParameterKey) {}

  /** How one DAG output parameter is produced. */
  public sealed interface DagOutputParameter {
    /** The selectors this output reads from. */
    List<ParameterSelector> selectors();
  }

  /** {@code valueFromParameter}: exactly one sub-task output. */
  public record FromParameter(ParameterSelector selector) implements DagOutputParameter {
    @Override
    public List<ParameterSelector> selectors() {
      return List.of(selector);
    }
  }

  /**
   * {@code valueFromOneof}: the one selector whose producer ran (If/Elif/Else branches); more than
   * one available value fails the DAG.
   */
  public record FromOneOf(List<ParameterSelector> selectors) implements DagOutputParameter {
    /** Copies the selectors. */
    public FromOneOf {
      selectors = List.copyOf(selectors);
    }
  }
}
