package dev.skiff.server.web.graph;

import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskPaths;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.ImporterSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link TaskGraph}s: a pipeline's from its IR, a run's from the IR and the run's tasks
 * (states, cache hits, and the iterations its loops turned out to have), or from the run's tasks
 * alone when its pipeline can no longer be read.
 */
public final class TaskGraphs {
  /** Deeper nesting than this is not drawn (the validator refuses recursive components). */
  private static final int MAX_DEPTH = 64;

  private TaskGraphs() {}

  /** A pipeline's tasks without states; a loop shows its body once. */
  public static TaskGraph ofPipeline(PipelineSpec spec) {
    Level root = new Builder(spec, null).dag(spec.root().dag().orElseThrow(), "", 0);
    return new TaskGraph(root.nodes, root.edges, false);
  }

  /**
   * A run's tasks with their states: the pipeline's tasks (those that have not started are
   * pending), a loop's iterations as the run made them.
   *
   * @param spec the run's pipeline; null when it cannot be read, then the graph is the run's task
   *     tree without edges
   */
  public static TaskGraph ofRun(PipelineSpec spec, RunView run) {
    if (spec == null || spec.root().dag().isEmpty()) {
      return fromTasks(run);
    }
    Level root = new Builder(spec, run).dag(spec.root().dag().get(), "", 0);
    return new TaskGraph(root.nodes, root.edges, true);
  }

  /** The run's task tree as stored, without the pipeline (and so without edges). */
  static TaskGraph fromTasks(RunView run) {
    Map<String, List<TaskRun>> byParent = byParent(run);
    return new TaskGraph(treeOf("", byParent, 0), List.of(), true);
  }

  private static List<GraphNode> treeOf(
      String parent, Map<String, List<TaskRun>> byParent, int depth) {
    List<GraphNode> out = new ArrayList<>();
    for (TaskRun t : byParent.getOrDefault(parent, List.of())) {
      List<GraphNode> children =
          depth < MAX_DEPTH ? treeOf(t.path(), byParent, depth + 1) : List.of();
      out.add(
          new GraphNode(
              t.path(),
              t.displayName().isEmpty() ? t.key() : t.displayName(),
              kindOf(t.kind()),
              t.state().name(),
              t.cached(),
              children,
              List.of()));
    }
    return out;
  }

  private static NodeKind kindOf(TaskKind k) {
    return switch (k) {
      case DAG -> NodeKind.DAG;
      case LOOP -> NodeKind.LOOP;
      case ITERATION -> NodeKind.ITERATION;
      case IMPORTER -> NodeKind.IMPORTER;
      case CONTAINER -> NodeKind.STEP;
    };
  }

  /** The run's tasks by the path of their parent, iterations in index order. */
  private static Map<String, List<TaskRun>> byParent(RunView run) {
    Map<String, List<TaskRun>> byParent = new HashMap<>();
    for (TaskRun t : run.tasks()) {
      byParent.computeIfAbsent(t.parentPath(), p -> new ArrayList<>()).add(t);
    }
    for (List<TaskRun> list : byParent.values()) {
      list.sort(Comparator.comparing(TaskGraphs::orderKey));
    }
    return byParent;
  }

  /** Iterations by number (2 before 10), other tasks by key. */
  private static String orderKey(TaskRun t) {
    String key = t.key();
    if (t.kind() == TaskKind.ITERATION && key.chars().allMatch(Character::isDigit)) {
      return "0" + "0".repeat(Math.max(0, 12 - key.length())) + key;
    }
    return "1" + key;
  }

  /** The nodes and edges of one DAG instance. */
  private record Level(List<GraphNode> nodes, List<GraphEdge> edges) {}

  private static final class Builder {
    private final PipelineSpec spec;
    private final Map<String, TaskRun> tasks = new HashMap<>();
    private final Map<String, List<TaskRun>> byParent;
    private final boolean live;

    Builder(PipelineSpec spec, RunView run) {
      this.spec = spec;
      this.live = run != null;
      if (run != null) {
        for (TaskRun t : run.tasks()) {
          tasks.put(t.path(), t);
        }
        byParent = byParent(run);
      } else {
        byParent = Map.of();
      }
    }

    Level dag(DagSpec dag, String parent, int depth) {
      List<GraphNode> nodes = new ArrayList<>(dag.tasks().size());
      List<GraphEdge> edges = new ArrayList<>();
      for (PipelineTask t : dag.tasks().values()) {
        String path = TaskPaths.child(parent, t.key());
        nodes.add(node(t, path, depth));
        for (String up : t.upstreamTasks()) {
          if (dag.tasks().containsKey(up) && !up.equals(t.key())) {
            edges.add(new GraphEdge(TaskPaths.child(parent, up), path));
          }
        }
      }
      return new Level(nodes, edges);
    }

    private GraphNode node(PipelineTask t, String path, int depth) {
      TaskRun run = tasks.get(path);
      String label = label(t, run);
      String state = live ? (run == null ? "PENDING" : run.state().name()) : null;
      boolean cached = run != null && run.cached();
      Optional<ComponentSpec> component = spec.component(t.componentRef());
      Optional<DagSpec> body = component.flatMap(ComponentSpec::dag);
      if (t.iterator().isPresent()) {
        List<GraphNode> children = new ArrayList<>();
        List<GraphEdge> edges = new ArrayList<>();
        if (body.isPresent() && depth < MAX_DEPTH) {
          if (live) {
            for (TaskRun it : byParent.getOrDefault(path, List.of())) {
              children.add(iteration(it, body.get(), label, depth));
            }
          } else {
            Level level = dag(body.get(), path, depth + 1);
            children.addAll(level.nodes);
            edges.addAll(level.edges);
          }
        }
        return new GraphNode(path, label, NodeKind.LOOP, state, cached, children, edges);
      }
      if (body.isPresent()) {
        Level level =
            depth < MAX_DEPTH ? dag(body.get(), path, depth + 1) : new Level(List.of(), List.of());
        return new GraphNode(path, label, NodeKind.DAG, state, cached, level.nodes, level.edges);
      }
      boolean importer =
          component.flatMap(spec::executorOf).map(e -> e instanceof ImporterSpec).orElse(false);
      return GraphNode.step(
          path, label, importer ? NodeKind.IMPORTER : NodeKind.STEP, state, cached);
    }

    private GraphNode iteration(TaskRun it, DagSpec body, String loopLabel, int depth) {
      Level level = dag(body, it.path(), depth + 1);
      String label = loopLabel + " #" + it.key();
      return new GraphNode(
          it.path(),
          label,
          NodeKind.ITERATION,
          it.state().name(),
          it.cached(),
          level.nodes,
          level.edges);
    }

    private static String label(PipelineTask t, TaskRun run) {
      if (run != null && !run.displayName().isEmpty()) {
        return run.displayName();
      }
      return t.name() == null || t.name().isEmpty() ? t.key() : t.name();
    }
  }
}
