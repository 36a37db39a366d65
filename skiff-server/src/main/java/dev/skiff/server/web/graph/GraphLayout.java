package dev.skiff.server.web.graph;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.BoxLayouterOptions;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays out {@link Shape}s with Eclipse ELK: each open group (and the whole graph) with the layered
 * algorithm, top to bottom with orthogonal edges, children before their parents (ELK's recursive
 * engine); a group whose children have no edges between them (a loop's iterations) is packed in
 * rows instead of drawn as one long layer. Layouts are cached by shape: a run's structure changes
 * rarely while its states change often, and a state does not move anything.
 */
public final class GraphLayout {
  /** The space above an open group's children, for its header. */
  static final int GROUP_HEADER = 30;

  private static final int PADDING = 12;
  private static final int CACHE_ENTRIES = 64;

  static {
    LayoutMetaDataService service = LayoutMetaDataService.getInstance();
    if (service.getAlgorithmData(LayeredOptions.ALGORITHM_ID) == null) {
      // Outside Eclipse the providers come from META-INF/services; a shaded jar may lose them.
      service.registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }
  }

  /** A level with more nodes than this gets fewer crossing-minimization sweeps. */
  private static final int BIG_LEVEL = 150;

  // Futures, so that readers of the same new shape (several clients of one large run) wait for
  // one layout instead of each computing it.
  private final Map<String, CompletableFuture<Placement>> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Placement>> e) {
          return size() > CACHE_ENTRIES;
        }
      };

  /** The placement of {@code root} (the whole graph), from the cache when its shape was seen. */
  Placement place(Shape root) {
    String key = root.key();
    CompletableFuture<Placement> mine = new CompletableFuture<>();
    CompletableFuture<Placement> known;
    synchronized (cache) {
      known = cache.putIfAbsent(key, mine);
    }
    if (known != null) {
      return known.join();
    }
    try {
      Placement made = compute(root);
      mine.complete(made);
      return made;
    } catch (RuntimeException | Error e) {
      synchronized (cache) {
        cache.remove(key, mine);
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Whether {@code root}'s layout is known, or else starts computing it off the caller's thread
   * (once per shape: a later {@link #place} of the same shape waits for that computation).
   *
   * @return true when {@link #place} answers without laying out
   */
  boolean ready(Shape root) {
    String key = root.key();
    CompletableFuture<Placement> mine = new CompletableFuture<>();
    CompletableFuture<Placement> known;
    synchronized (cache) {
      known = cache.putIfAbsent(key, mine);
    }
    if (known != null) {
      return known.isDone() && !known.isCompletedExceptionally();
    }
    Thread.ofVirtual()
        .name("graph-layout")
        .start(
            () -> {
              try {
                mine.complete(compute(root));
              } catch (RuntimeException | Error e) {
                synchronized (cache) {
                  cache.remove(key, mine);
                }
                mine.completeExceptionally(e);
              }
            });
    return false;
  }

  /** Forgets the cached layouts (for a benchmark's cold renders). */
  public void clear() {
    synchronized (cache) {
      cache.clear();
    }
  }

  /** Lays out {@code root} without the cache. */
  static Placement compute(Shape root) {
    ElkNode graph = ElkGraphUtil.createGraph();
    Map<String, ElkNode> nodes = new HashMap<>();
    build(graph, root, nodes, true);
    new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());
    Map<String, Placement.Box> boxes = new HashMap<>();
    List<Placement.Route> routes = new ArrayList<>();
    collect(graph, 0, 0, root, boxes, routes);
    return new Placement(
        boxes, routes, (int) Math.ceil(graph.getWidth()), (int) Math.ceil(graph.getHeight()));
  }

  private static void build(
      ElkNode container, Shape shape, Map<String, ElkNode> nodes, boolean isRoot) {
    configure(container, shape, isRoot);
    Map<String, ElkNode> level = new HashMap<>();
    int priority = shape.children().size();
    for (Shape child : shape.children()) {
      ElkNode n = ElkGraphUtil.createNode(container);
      n.setIdentifier(child.path());
      n.setDimensions(child.width(), child.height());
      n.setProperty(BoxLayouterOptions.PRIORITY, priority--);
      level.put(child.path(), n);
      nodes.put(child.path(), n);
      if (child.open()) {
        build(n, child, nodes, false);
      }
    }
    for (GraphEdge e : shape.edges()) {
      ElkNode from = level.get(e.from());
      ElkNode to = level.get(e.to());
      if (from != null && to != null) {
        ElkGraphUtil.createSimpleEdge(from, to);
      }
    }
  }

  private static void configure(ElkNode n, Shape shape, boolean isRoot) {
    ElkPadding padding =
        isRoot ? new ElkPadding(PADDING) : new ElkPadding(GROUP_HEADER, PADDING, PADDING, PADDING);
    if (shape.edges().isEmpty() && shape.children().size() > 3) {
      n.setProperty(CoreOptions.ALGORITHM, BoxLayouterOptions.ALGORITHM_ID);
      n.setProperty(BoxLayouterOptions.SPACING_NODE_NODE, 16.0);
      n.setProperty(BoxLayouterOptions.PADDING, padding);
      n.setProperty(BoxLayouterOptions.ASPECT_RATIO, 1.6);
    } else {
      n.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
      n.setProperty(LayeredOptions.DIRECTION, Direction.DOWN);
      n.setProperty(LayeredOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
      n.setProperty(LayeredOptions.SPACING_NODE_NODE, 18.0);
      n.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 34.0);
      n.setProperty(LayeredOptions.SPACING_EDGE_NODE, 12.0);
      n.setProperty(LayeredOptions.PADDING, padding);
      if (shape.children().size() > BIG_LEVEL) {
        // ELK's default (7) costs seconds at 1,000 nodes; 1 is ~4x faster and still readable.
        n.setProperty(LayeredOptions.THOROUGHNESS, 1);
      }
    }
    if (!isRoot) {
      n.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
      n.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(shape.width(), shape.height()));
    }
  }

  private static void collect(
      ElkNode container,
      double ox,
      double oy,
      Shape shape,
      Map<String, Placement.Box> boxes,
      List<Placement.Route> routes) {
    Map<String, Shape> byPath = new HashMap<>();
    for (Shape s : shape.children()) {
      byPath.put(s.path(), s);
    }
    for (ElkNode n : container.getChildren()) {
      double x = ox + n.getX();
      double y = oy + n.getY();
      boxes.put(
          n.getIdentifier(),
          new Placement.Box(
              (int) Math.round(x),
              (int) Math.round(y),
              (int) Math.round(n.getWidth()),
              (int) Math.round(n.getHeight())));
      Shape s = byPath.get(n.getIdentifier());
      if (s != null && s.open()) {
        collect(n, x, y, s, boxes, routes);
      }
    }
    for (ElkEdge e : container.getContainedEdges()) {
      if (e.getSections().isEmpty()) {
        continue;
      }
      ElkEdgeSection sec = e.getSections().get(0);
      int[] pts = new int[4 + 2 * sec.getBendPoints().size()];
      int i = 0;
      pts[i++] = (int) Math.round(ox + sec.getStartX());
      pts[i++] = (int) Math.round(oy + sec.getStartY());
      for (ElkBendPoint b : sec.getBendPoints()) {
        pts[i++] = (int) Math.round(ox + b.getX());
        pts[i++] = (int) Math.round(oy + b.getY());
      }
      pts[i++] = (int) Math.round(ox + sec.getEndX());
      pts[i] = (int) Math.round(oy + sec.getEndY());
      String from = ((ElkNode) e.getSources().get(0)).getIdentifier();
      String to = ((ElkNode) e.getTargets().get(0)).getIdentifier();
      routes.add(new Placement.Route(from, to, pts));
    }
  }
}
