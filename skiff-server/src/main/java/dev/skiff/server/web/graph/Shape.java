package dev.skiff.server.web.graph;

import java.util.List;

/**
 * What the layout needs to know of one drawn node: its size, and for an open group the shapes
 * inside it and the edges between them. Two graphs with equal shapes have equal layouts, whatever
 * their states: {@link #key()} is the layout cache's key.
 *
 * @param path the node's path ({@code ""} for the whole graph)
 * @param width its width (of an open group: the least width, for its header)
 * @param height its height (ignored for an open group, which the layout sizes)
 * @param children the shapes inside an open group; empty for a step or a collapsed group
 * @param edges the edges between {@code children}
 * @param open whether this is an open group (or the whole graph)
 */
record Shape(
    String path, int width, int height, List<Shape> children, List<GraphEdge> edges, boolean open) {

  Shape {
    children = List.copyOf(children);
    edges = List.copyOf(edges);
  }

  /** A closed shape: a step, or a collapsed group. */
  static Shape closed(String path, int width, int height) {
    return new Shape(path, width, height, List.of(), List.of(), false);
  }

  /** A string that is equal for equal shapes (paths, sizes, nesting and edges). */
  String key() {
    StringBuilder b = new StringBuilder(64 + 48 * children.size());
    appendKey(b);
    return b.toString();
  }

  private void appendKey(StringBuilder b) {
    b.append('(').append(path).append(' ').append(width).append('x').append(height);
    if (open) {
      b.append('[');
      for (Shape c : children) {
        c.appendKey(b);
      }
      b.append('|');
      for (GraphEdge e : edges) {
        b.append(e.from()).append('>').append(e.to()).append(';');
      }
      b.append(']');
    }
    b.append(')');
  }
}
