package dev.skiff.server.web.graph;

import java.util.List;

/**
 * A pipeline's or a run's tasks as a graph: the root DAG's nodes (groups hold theirs) and the edges
 * between them.
 *
 * @param nodes the root DAG's tasks
 * @param edges the order between them
 * @param live whether the nodes carry a run's states (false: a pipeline's definition)
 */
public record TaskGraph(List<GraphNode> nodes, List<GraphEdge> edges, boolean live) {
  /** Copies the lists. */
  public TaskGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** How many nodes the graph has at any depth. */
  public int size() {
    int n = 0;
    for (GraphNode c : nodes) {
      n += 1 + c.descendants();
    }
    return n;
  }
}
