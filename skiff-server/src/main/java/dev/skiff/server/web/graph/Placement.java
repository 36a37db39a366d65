package dev.skiff.server.web.graph;

import java.util.List;
import java.util.Map;

/**
 * Where the layout put everything, in absolute coordinates of the drawing.
 *
 * @param boxes each drawn node's box by path (open groups included)
 * @param routes the edges' routes
 * @param width the drawing's width
 * @param height the drawing's height
 */
record Placement(Map<String, Box> boxes, List<Route> routes, int width, int height) {
  Placement {
    boxes = Map.copyOf(boxes);
    routes = List.copyOf(routes);
  }

  /** A node's box. */
  record Box(int x, int y, int width, int height) {}

  /**
   * An edge's route.
   *
   * @param from the upstream node
   * @param to the downstream node
   * @param points x, y pairs from start to end
   */
  record Route(String from, String to, int[] points) {
    /** The SVG path data: {@code M x y L x y ...}. */
    String pathData() {
      StringBuilder b = new StringBuilder(points.length * 5);
      for (int i = 0; i + 1 < points.length; i += 2) {
        b.append(i == 0 ? "M" : " L").append(points[i]).append(' ').append(points[i + 1]);
      }
      return b.toString();
    }
  }
}
