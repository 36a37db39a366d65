package dev.skiff.server.web.graph;

import dev.skiff.server.web.Format;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a {@link TaskGraph} into a {@link GraphPicture}: decides what is drawn (open groups and
 * their children, collapsed groups as one node with a summary), sizes the boxes from their text,
 * lays them out ({@link GraphLayout}) and places the controls. Box sizes never depend on a state,
 * so a run whose tasks only change state keeps its layout (and hits the layout cache).
 */
public final class GraphRenderer {
  /** A node's height: two lines of text. */
  static final int NODE_HEIGHT = 46;

  /** Longer names are shortened (the tooltip and the accessible name keep them whole). */
  static final int MAX_LABEL = 30;

  private static final int MIN_WIDTH = 120;
  private static final int MAX_WIDTH = 290;
  private static final double CHAR_WIDTH = 7.2;
  private static final int TOGGLE_ROOM = 26;
  private static final int CACHED_ROOM = 56;
  private static final String LONGEST_STATE = "Succeeded";

  /**
   * From this many boxes a new shape is laid out off the page's request: ELK takes ~15 ms for 250
   * boxes, and ~70 ms (up to a second on a busy machine) for 1,000.
   */
  static final int BIG_GRAPH = 250;

  private final GraphLayout layout = new GraphLayout();

  /** The layout (and its cache) this renderer uses. */
  public GraphLayout layout() {
    return layout;
  }

  /**
   * Draws {@code graph}.
   *
   * @param expansion which groups are open
   * @param id a prefix for ids inside the drawing
   * @param label the drawing's accessible name
   */
  public GraphPicture draw(TaskGraph graph, Expansion expansion, String id, String label) {
    Set<String> open = expansion.openGroups(graph);
    Map<String, Face> faces = new HashMap<>();
    List<Shape> top = new ArrayList<>(graph.nodes().size());
    for (GraphNode n : graph.nodes()) {
      top.add(shape(n, open, faces, graph.live()));
    }
    Shape root = new Shape("", 0, 0, top, graph.edges(), true);
    Placement placed = layout.place(root);
    Drawing d = new Drawing(placed, faces, graph.live());
    for (GraphNode n : graph.nodes()) {
      d.draw(n, open);
    }
    List<GraphPicture.Edge> edges = new ArrayList<>(placed.routes().size());
    for (Placement.Route r : placed.routes()) {
      edges.add(new GraphPicture.Edge(r.from(), r.to(), r.pathData()));
    }
    return new GraphPicture(
        id,
        label,
        graph.live(),
        Math.max(placed.width(), 1),
        Math.max(placed.height(), 1),
        d.groups,
        edges,
        d.nodes,
        d.toggles,
        d.nodes.size() + d.groups.size(),
        graph.size());
  }

  /**
   * Draws {@code graph} if its layout is quick: known (cached) or small. A large graph whose shape
   * is new is laid out in the background instead, and the answer is empty: the caller shows a
   * placeholder that fetches the drawing ({@link #draw} then waits for that layout).
   */
  public Optional<GraphPicture> drawIfQuick(
      TaskGraph graph, Expansion expansion, String id, String label) {
    Set<String> open = expansion.openGroups(graph);
    List<Shape> top = new ArrayList<>(graph.nodes().size());
    for (GraphNode n : graph.nodes()) {
      top.add(shape(n, open, new HashMap<>(), graph.live()));
    }
    Shape root = new Shape("", 0, 0, top, graph.edges(), true);
    if (boxes(root) >= BIG_GRAPH && !layout.ready(root)) {
      return Optional.empty();
    }
    return Optional.of(draw(graph, expansion, id, label));
  }

  /** How many boxes the layout places. */
  private static int boxes(Shape s) {
    int n = 0;
    for (Shape c : s.children()) {
      n += 1 + boxes(c);
    }
    return n;
  }

  /** The text of a closed box and its width. */
  private record Face(String label, String detail, boolean summary, int width) {}

  private static Shape shape(GraphNode n, Set<String> open, Map<String, Face> faces, boolean live) {
    if (n.kind().isGroup() && open.contains(n.path())) {
      List<Shape> children = new ArrayList<>(n.children().size());
      for (GraphNode c : n.children()) {
        children.add(shape(c, open, faces, live));
      }
      int headerWidth = textWidth(header(n, live)) + 24 + TOGGLE_ROOM;
      return new Shape(
          n.path(), Math.min(headerWidth, 2 * MAX_WIDTH), 0, children, n.edges(), true);
    }
    Face f = face(n, live);
    faces.put(n.path(), f);
    return Shape.closed(n.path(), f.width(), NODE_HEIGHT);
  }

  private static Face face(GraphNode n, boolean live) {
    String label = shorten(n.label());
    if (n.kind().isGroup()) {
      Counts c = Counts.of(n);
      String summary = summary(n, c, live, false);
      // Sized for the widest the summary gets (every step succeeded), not for today's counts.
      int w = Math.max(textWidth(label), textWidth(summary(n, c, live, true))) + 24 + TOGGLE_ROOM;
      return new Face(label, summary, true, clamp(w));
    }
    String detail = live ? Format.stateLabel(n.state()) : n.kind().word();
    int detailWidth = live ? textWidth(LONGEST_STATE) + CACHED_ROOM : textWidth(detail);
    int w = Math.max(textWidth(label), detailWidth) + 24;
    return new Face(label, detail, false, clamp(w));
  }

  /** A group's header: {@code train-all · loop, 3 iterations}. */
  private static String header(GraphNode n, boolean live) {
    String head = shorten(n.label()) + " \u00b7 " + n.kind().word();
    if (n.kind() == NodeKind.LOOP && live) {
      head += ", " + plural(n.children().size(), "iteration");
    }
    return head;
  }

  private static String summary(GraphNode n, Counts c, boolean live, boolean widest) {
    String size =
        n.kind() == NodeKind.LOOP && live
            ? plural(n.children().size(), "iteration")
            : n.kind().word() + " \u00b7 " + plural(c.steps, "step");
    if (!live || c.steps == 0) {
      return size;
    }
    return size + " \u00b7 " + (widest ? c.steps : c.succeeded) + "/" + c.steps + " succeeded";
  }

  /** Steps (at any depth) of a group, and how many of them succeeded. */
  private record Counts(int steps, int succeeded) {
    static Counts of(GraphNode group) {
      int[] c = new int[2];
      count(group, c);
      return new Counts(c[0], c[1]);
    }

    private static void count(GraphNode n, int[] c) {
      for (GraphNode k : n.children()) {
        if (k.kind().isGroup()) {
          count(k, c);
        } else {
          c[0]++;
          if ("SUCCEEDED".equals(k.state())) {
            c[1]++;
          }
        }
      }
    }
  }

  /** Collects the picture's parts in drawing order. */
  private static final class Drawing {
    final List<GraphPicture.Group> groups = new ArrayList<>();
    final List<GraphPicture.Node> nodes = new ArrayList<>();
    final List<GraphPicture.Toggle> toggles = new ArrayList<>();
    private final Placement placed;
    private final Map<String, Face> faces;
    private final boolean live;

    Drawing(Placement placed, Map<String, Face> faces, boolean live) {
      this.placed = placed;
      this.faces = faces;
      this.live = live;
    }

    void draw(GraphNode n, Set<String> open) {
      Placement.Box b = placed.boxes().get(n.path());
      if (b == null) {
        return;
      }
      String state = n.state() == null ? "" : " " + Format.stateClass(n.state());
      String stateText = n.state() == null ? "" : Format.stateLabel(n.state());
      boolean isOpen = n.kind().isGroup() && open.contains(n.path());
      if (isOpen) {
        groups.add(
            new GraphPicture.Group(
                n.path(),
                "group " + n.kind().cssClass() + state,
                b.x(),
                b.y(),
                b.width(),
                b.height(),
                header(n, live),
                n.label() + (stateText.isEmpty() ? "" : " (" + stateText + ")")));
        toggle(n, b, true);
        for (GraphNode c : n.children()) {
          draw(c, open);
        }
        return;
      }
      Face f = faces.get(n.path());
      boolean group = n.kind().isGroup();
      String cls =
          "node "
              + n.kind().cssClass()
              + state
              + (n.cached() ? " cached" : "")
              + (group ? " collapsed" : "");
      StringBuilder aria = new StringBuilder(n.label()).append(", ").append(n.kind().word());
      if (group) {
        aria.append(" (collapsed), ").append(f.detail());
      }
      if (!stateText.isEmpty()) {
        aria.append(", ").append(stateText);
      }
      if (n.cached()) {
        aria.append(", cached");
      }
      String title =
          n.label()
              + (n.path().equals(n.label()) ? "" : " (" + n.path() + ")")
              + (stateText.isEmpty() ? "" : ": " + stateText)
              + (n.cached() ? ", cached" : "");
      nodes.add(
          new GraphPicture.Node(
              n.path(),
              cls,
              b.x(),
              b.y(),
              b.width(),
              b.height(),
              f.label(),
              f.detail(),
              f.summary() ? "node-summary" : "node-state",
              aria.toString(),
              title,
              group));
      if (group && !n.children().isEmpty()) {
        toggle(n, b, false);
      }
    }

    private void toggle(GraphNode n, Placement.Box b, boolean isOpen) {
      toggles.add(
          new GraphPicture.Toggle(
              n.path(),
              isOpen,
              (isOpen ? "Collapse " : "Expand ") + n.label(),
              b.x() + b.width() - 23,
              b.y() + 5));
    }
  }

  static String shorten(String s) {
    return s.length() <= MAX_LABEL ? s : s.substring(0, MAX_LABEL - 1) + "\u2026";
  }

  private static int textWidth(String s) {
    return (int) Math.ceil(s.length() * CHAR_WIDTH);
  }

  private static int clamp(int w) {
    return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w));
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
