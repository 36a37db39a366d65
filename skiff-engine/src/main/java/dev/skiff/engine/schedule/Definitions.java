package dev.skiff.engine.schedule;

import dev.skiff.engine.run.TaskPaths;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.util.Optional;

/** Finds the IR definition behind a task path (the definition side of definition vs run). */
public final class Definitions {
  private Definitions() {}

  /**
   * A task's definition.
   *
   * @param task the IR task (for an iteration, the loop task)
   * @param component the component it runs
   */
  public record Located(PipelineTask task, ComponentSpec component) {}

  /**
   * The definition of the task at {@code path}: segments are task keys, except that the segment
   * after a loop task is an iteration index.
   */
  public static Optional<Located> locate(PipelineSpec spec, String path) {
    String[] segments = path.split("/");
    ComponentSpec scope = spec.root();
    Located found = null;
    for (int i = 0; i < segments.length; i++) {
      Optional<DagSpec> dag = scope.dag();
      if (dag.isEmpty()) {
        return Optional.empty();
      }
      PipelineTask task = dag.get().tasks().get(segments[i]);
      if (task == null) {
        return Optional.empty();
      }
      ComponentSpec component = spec.component(task.componentRef()).orElse(null);
      if (component == null) {
        return Optional.empty();
      }
      found = new Located(task, component);
      scope = component;
      if (task.iterator().isPresent() && i + 1 < segments.length) {
        i++; // the iteration index: same component
      }
    }
    return Optional.ofNullable(found);
  }

  /** Whether {@code path} names a loop iteration (its parent is a loop task). */
  public static boolean isIteration(PipelineSpec spec, String path) {
    String parent = TaskPaths.parent(path);
    if (parent.isEmpty()) {
      return false;
    }
    return locate(spec, parent)
        .filter(l -> l.task().iterator().isPresent())
        .filter(l -> TaskPaths.key(path).chars().allMatch(Character::isDigit))
        .isPresent();
  }
}
