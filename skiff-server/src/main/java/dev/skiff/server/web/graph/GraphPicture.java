package dev.skiff.server.web.graph;

import java.util.List;

/**
 * A laid-out graph as the SVG template draws it ({@code graph/svg.jte}): every coordinate computed,
 * every string still raw (the template escapes it).
 *
 * @param id a prefix for the ids inside the SVG ({@code run}, {@code pipeline})
 * @param label the drawing's accessible name
 * @param live whether nodes are tasks of a run (focusable, opening the task panel)
 * @param width the drawing's width
 * @param height the drawing's height
 * @param groups the open groups' boxes, outer ones first
 * @param edges the edges
 * @param nodes the steps and collapsed groups
 * @param toggles the open/close control of each group
 * @param drawn how many nodes are drawn
 * @param total how many nodes the graph has
 */
public record GraphPicture(
    String id,
    String label,
    boolean live,
    int width,
    int height,
    List<Group> groups,
    List<Edge> edges,
    List<Node> nodes,
    List<Toggle> toggles,
    int drawn,
    int total) {

  /** Copies the lists. */
  public GraphPicture {
    groups = List.copyOf(groups);
    edges = List.copyOf(edges);
    nodes = List.copyOf(nodes);
    toggles = List.copyOf(toggles);
  }

  /**
   * The graph's one tab stop (a roving tabindex, which the page's script moves with the arrow
   * keys): a run's top-left node, or, where no node is a control (a pipeline's nodes are pictures),
   * the top-left group toggle; every other node and toggle has {@code tabindex="-1"}.
   *
   * @return the stop (both paths null when the graph has neither nodes nor toggles)
   */
  public TabStop tabStop() {
    if (live && !nodes.isEmpty()) {
      Node first = nodes.getFirst();
      for (Node n : nodes) {
        if (n.y() < first.y() || (n.y() == first.y() && n.x() < first.x())) {
          first = n;
        }
      }
      return new TabStop(first.path(), null);
    }
    Toggle first = null;
    for (Toggle t : toggles) {
      if (first == null || t.y() < first.y() || (t.y() == first.y() && t.x() < first.x())) {
        first = t;
      }
    }
    return new TabStop(null, first == null ? null : first.path());
  }

  /**
   * Which node or toggle is the graph's tab stop.
   *
   * @param node the node's path, or null
   * @param toggle the toggle's group path, or null
   */
  public record TabStop(String node, String toggle) {
    /**
     * A node's {@code tabindex}: none when nodes are not controls, else {@code 0} or {@code -1}.
     */
    public String of(GraphPicture graph, Node n) {
      return !graph.live() ? null : n.path().equals(node) ? "0" : "-1";
    }

    /** A toggle's {@code tabindex}: {@code 0} for the stop, else {@code -1}. */
    public String of(Toggle t) {
      return t.path().equals(toggle) ? "0" : "-1";
    }
  }

  /** The id of the arrow marker. */
  public String markerId() {
    return id + "-arrow";
  }

  /** The {@code marker-end} reference to the arrow. */
  public String markerRef() {
    return "url(#" + markerId() + ")";
  }

  /** The {@code viewBox}. */
  public String viewBox() {
    return "0 0 " + width + " " + height;
  }

  /**
   * An open group's box.
   *
   * @param path the group's path
   * @param cssClass {@code group kind-loop state-running}
   * @param label its header: name and kind
   * @param title the header's tooltip (the name in full)
   */
  public record Group(
      String path,
      String cssClass,
      int x,
      int y,
      int width,
      int height,
      String label,
      String title) {
    /** The header text's x. */
    public int labelX() {
      return x + 10;
    }

    /** The header text's baseline. */
    public int labelY() {
      return y + 19;
    }
  }

  /**
   * An edge.
   *
   * @param from the upstream node's path
   * @param to the downstream node's path
   * @param d the SVG path data
   */
  public record Edge(String from, String to, String d) {}

  /**
   * A step, or a collapsed group, drawn as a box with two lines of text.
   *
   * @param path the task's path
   * @param cssClass {@code node kind-step state-succeeded cached}, ...
   * @param label the first line: the task's name (shortened)
   * @param detail the second line: the state, the kind, or a collapsed group's summary
   * @param detailClass {@code node-state} (the state, which the page updates live) or {@code
   *     node-summary}
   * @param ariaLabel what a screen reader says: name, kind, state, cached
   * @param title the tooltip: the full name and path
   * @param group whether it is a collapsed group
   */
  public record Node(
      String path,
      String cssClass,
      int x,
      int y,
      int width,
      int height,
      String label,
      String detail,
      String detailClass,
      String ariaLabel,
      String title,
      boolean group) {
    /** The {@code transform} that places the node. */
    public String transform() {
      return "translate(" + x + " " + y + ")";
    }

    /** The x of the right-aligned "cached" mark. */
    public int markX() {
      return width - 10;
    }
  }

  /**
   * The control that opens or closes a group (the page's script changes the view's URL and fetches
   * the graph again; no link, whose URL would repeat the whole view for every group).
   *
   * @param path the group's path
   * @param open whether the group is open now
   * @param ariaLabel {@code Collapse for-loop-2}, {@code Expand for-loop-2}
   */
  public record Toggle(String path, boolean open, String ariaLabel, int x, int y) {
    /** {@code aria-expanded}'s value. */
    public String expanded() {
      return open ? "true" : "false";
    }

    /** The sign shown: minus to close, plus to open. */
    public String sign() {
      return open ? "\u2212" : "+";
    }

    /** The {@code transform} that places the control. */
    public String transform() {
      return "translate(" + x + " " + y + ")";
    }
  }
}
