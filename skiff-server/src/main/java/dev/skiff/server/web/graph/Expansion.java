package dev.skiff.server.web.graph;

import dev.skiff.server.web.DashboardPaths;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which groups of a graph are drawn open: groups named in {@code ?expand=} are, groups named in
 * {@code ?collapse=} are not, and the others follow the default: a group opens when it holds at
 * most {@link #LARGE} nodes and the graph drawn so far (breadth first) stays within {@link #BUDGET}
 * nodes. The two lists are the page's URL state, so a view can be bookmarked.
 *
 * @param expand groups opened by the reader
 * @param collapse groups closed by the reader
 */
public record Expansion(Set<String> expand, Set<String> collapse) {
  /** A group holding more nodes than this is collapsed unless the reader opens it. */
  public static final int LARGE = 40;

  /** Groups stay collapsed by default once this many nodes would be drawn. */
  public static final int BUDGET = 400;

  /** Nothing chosen by the reader: the default. */
  public static final Expansion DEFAULT = new Expansion(Set.of(), Set.of());

  /** Copies the sets. */
  public Expansion {
    expand = Set.copyOf(expand);
    collapse = Set.copyOf(collapse);
  }

  /** From the query parameters' values: comma-separated paths; null or blank for none. */
  public static Expansion parse(String expand, String collapse) {
    return new Expansion(paths(expand), paths(collapse));
  }

  private static Set<String> paths(String list) {
    if (list == null || list.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .limit(1000)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The paths of the groups of {@code graph} drawn open. */
  public Set<String> openGroups(TaskGraph graph) {
    Set<String> open = new HashSet<>();
    int drawn = graph.nodes().size();
    Deque<GraphNode> queue = new ArrayDeque<>();
    graph.nodes().forEach(queue::add);
    while (!queue.isEmpty()) {
      GraphNode n = queue.poll();
      if (!n.kind().isGroup() || n.children().isEmpty()) {
        continue;
      }
      boolean isOpen;
      if (expand.contains(n.path())) {
        isOpen = true;
      } else if (collapse.contains(n.path())) {
        isOpen = false;
      } else {
        isOpen = n.descendants() <= LARGE && drawn + n.children().size() <= BUDGET;
      }
      if (isOpen) {
        open.add(n.path());
        drawn += n.children().size();
        n.children().forEach(queue::add);
      }
    }
    return open;
  }

  /** This expansion with {@code path} opened ({@code open}) or closed. */
  public Expansion toggled(String path, boolean open) {
    Set<String> e = new LinkedHashSet<>(sorted(expand));
    Set<String> c = new LinkedHashSet<>(sorted(collapse));
    if (open) {
      c.remove(path);
      e.add(path);
    } else {
      e.remove(path);
      c.add(path);
    }
    return new Expansion(e, c);
  }

  /**
   * The query string ({@code expand=a,b&collapse=c}, escaped), empty for the default; paths in a
   * stable order so that equal views have equal URLs.
   */
  public String query() {
    StringBuilder b = new StringBuilder();
    if (!expand.isEmpty()) {
      b.append("expand=").append(DashboardPaths.query(String.join(",", sorted(expand))));
    }
    if (!collapse.isEmpty()) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append("collapse=").append(DashboardPaths.query(String.join(",", sorted(collapse))));
    }
    return b.toString();
  }

  private static java.util.List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
