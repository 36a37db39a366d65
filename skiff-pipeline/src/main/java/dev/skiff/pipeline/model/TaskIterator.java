package dev.skiff.pipeline.model;

/**
 * A ParallelFor: the task runs its (DAG) component once per item.
 *
 * <p>{@code parallelismLimit} comes from the task's {@code iteratorPolicy}; 0 means unlimited.
 */
public sealed interface TaskIterator {

  /** The name of the component input that receives each item. */
  String itemInput();

  /** How many iterations may run at once; 0 = unlimited. */
  int parallelismLimit();

  /**
   * {@code parameterIterator}.
   *
   * @param items the items to iterate
   * @param itemInput the loop component's input receiving each item
   * @param parallelismLimit 0 = unlimited
   */
  record ParameterIterator(ParameterItems items, String itemInput, int parallelismLimit)
      implements TaskIterator {}

  /**
   * {@code artifactIterator}.
   *
   * @param inputArtifact the task input artifact (a list) to iterate
   * @param itemInput the loop component's input receiving each artifact
   * @param parallelismLimit 0 = unlimited
   */
  record ArtifactIterator(String inputArtifact, String itemInput, int parallelismLimit)
      implements TaskIterator {}

  /** The items of a parameter iterator. */
  sealed interface ParameterItems {}

  /** {@code items.raw}: a JSON array written into the IR, as text. */
  record Raw(String json) implements ParameterItems {}

  /** {@code items.inputParameter}: a task input parameter holding a list. */
  record InputParameter(String inputName) implements ParameterItems {}
}
