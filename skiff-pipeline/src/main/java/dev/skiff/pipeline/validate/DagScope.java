package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.DagSpec;

/**
 * A DAG being validated, with the component that owns it (whose inputs its tasks may read).
 *
 * @param path e.g. {@code root.dag} or {@code components.comp-for-loop-2.dag}
 * @param ownerName the component name, or empty for the root
 * @param owner the component
 * @param dag its DAG
 */
record DagScope(String path, String ownerName, ComponentSpec owner, DagSpec dag) {

  /** {@code the pipeline} or {@code component 'comp-x'}, for messages. */
  String ownerLabel() {
    return ownerName.isEmpty() ? "the pipeline" : "component '" + ownerName + "'";
  }

  String taskPath(String key) {
    return path + ".tasks." + key;
  }

  /** {@code <what> 'x', which is not a task of this DAG (did you mean 'y'?)}. */
  String noSuchTask(String what, String name) {
    return what
        + " '"
        + name
        + "', which is not a task of this DAG"
        + Spelling.hint(name, dag.tasks().keySet());
  }
}
