package dev.skiff.server.web.graph;

import java.util.List;

/**
 * One node of a task graph: a task of the pipeline, or a group of them.
 *
 * @param path the task's path in the run ({@code train}, {@code for-loop-2/0/train}); for a
 *     pipeline's graph the path of the definition ({@code for-loop-2/train}: no iteration index)
 * @param label the name shown ({@code taskInfo.name})
 * @param kind what it is
 * @param state the task's state ({@code SUCCEEDED}, ...), {@code PENDING} for a task of a run that
 *     has not started, null in a pipeline's graph
 * @param cached whether the task reused an earlier run's outputs
 * @param children the nodes inside a group, in the pipeline's order; empty for steps
 * @param edges the order between {@code children}: producer before consumer
 */
public record GraphNode(
    String path,
    String label,
    NodeKind kind,
    String state,
    boolean cached,
    List<GraphNode> children,
    List<GraphEdge> edges) {

  /** Copies the lists. */
  public GraphNode {
    children = List.copyOf(children);
    edges = List.copyOf(edges);
  }

  /** A step (no children). */
  public static GraphNode step(
      String path, String label, NodeKind kind, String state, boolean cached) {
    return new GraphNode(path, label, kind, state, cached, List.of(), List.of());
  }

  /** How many nodes are inside this one, at any depth. */
  public int descendants() {
    int n = 0;
    for (GraphNode c : children) {
      n += 1 + c.descendants();
    }
    return n;
  }
}
