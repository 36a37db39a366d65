package dev.skiff.engine.run;

import dev.skiff.pipeline.dag.DagGraph;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tasks of each DAG instance the scheduler has to look at, kept up to date as tasks change,
 * so that a decision costs what changed rather than the size of the run (a 100k-step fan-out would
 * otherwise walk 100k tasks per step that ends).
 *
 * <p>Per DAG instance (the root {@code ""}, a sub-DAG, a loop iteration) it tracks, by topological
 * position: the pending tasks whose upstream tasks have all reached a final state (candidates: they
 * may start, be skipped or fail now), the active tasks that need a look (all but container steps
 * with a live attempt: those change only through an event), and how many tasks are active. Pending
 * tasks that still wait for an upstream task need no look: the full walk would do nothing with them
 * either. The scheduler falls back to the full walk while a run is canceling.
 *
 * <p>Instances are indexed lazily from the task map the first time the scheduler asks, then updated
 * by {@link #changed}; owned by the run's thread like the map itself.
 */
public final class TaskIndex {

  /** A DAG's tasks in topological order, with upstream and downstream positions. */
  private record Shape(List<String> order, Map<String, Integer> pos, int[][] up, int[][] down) {
    static Shape of(DagSpec dag) {
      List<String> order = DagGraph.of(dag).topologicalOrder();
      Map<String, Integer> pos = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        pos.put(order.get(i), i);
      }
      int[][] up = new int[order.size()][];
      int[] downCount = new int[order.size()];
      for (int i = 0; i < order.size(); i++) {
        PipelineTask t = dag.tasks().get(order.get(i));
        up[i] = t.upstreamTasks().stream().filter(pos::containsKey).mapToInt(pos::get).toArray();
        for (int u : up[i]) {
          downCount[u]++;
        }
      }
      int[][] down = new int[order.size()][];
      for (int i = 0; i < order.size(); i++) {
        down[i] = new int[downCount[i]];
        downCount[i] = 0;
      }
      for (int i = 0; i < order.size(); i++) {
        for (int u : up[i]) {
          down[u][downCount[u]++] = i;
        }
      }
      return new Shape(order, pos, up, down);
    }
  }

  /** One DAG instance. */
  public static final class Scope {
    private final Shape shape;
    private final int[] waiting;
    private final BitSet present;
    private final BitSet candidate;
    private final BitSet attention;
    private int active;

    private Scope(Shape shape, String path, Map<String, TaskRun> tasks) {
      this.shape = shape;
      int n = shape.order().size();
      this.waiting = new int[n];
      this.present = new BitSet(n);
      this.candidate = new BitSet(n);
      this.attention = new BitSet(n);
      TaskState[] states = new TaskState[n];
      for (int i = 0; i < n; i++) {
        TaskRun t = tasks.get(TaskPaths.child(path, shape.order().get(i)));
        states[i] = t == null ? TaskState.PENDING : t.state();
        if (t != null) {
          present.set(i);
          attention.set(i, needsLook(t));
          active += t.state().isActive() ? 1 : 0;
        }
      }
      for (int i = 0; i < n; i++) {
        for (int u : shape.up()[i]) {
          waiting[i] += states[u].isTerminal() ? 0 : 1;
        }
        candidate.set(i, !present.get(i) && waiting[i] == 0);
      }
    }

    /** The DAG's task keys in the order the scheduler visits them. */
    public List<String> order() {
      return shape.order();
    }

    /** The next position at or after {@code from} that needs a look, or -1. */
    public int next(int from) {
      int c = candidate.nextSetBit(from);
      int a = attention.nextSetBit(from);
      return c < 0 ? a : a < 0 ? c : Math.min(c, a);
    }

    /** How many tasks of the instance are active. */
    public int activeCount() {
      return active;
    }

    private void changed(int i, TaskRun before, TaskRun next) {
      present.set(i);
      candidate.clear(i);
      attention.set(i, needsLook(next));
      active +=
          (next.state().isActive() ? 1 : 0) - (before != null && before.state().isActive() ? 1 : 0);
      boolean wasTerminal = before != null && before.state().isTerminal();
      if (next.state().isTerminal() && !wasTerminal) {
        for (int d : shape.down()[i]) {
          if (--waiting[d] == 0 && !present.get(d)) {
            candidate.set(d);
          }
        }
      }
    }
  }

  private final Map<String, TaskRun> tasks;
  private final Map<DagSpec, Shape> shapes = new IdentityHashMap<>();
  private final Map<String, Scope> scopes = new HashMap<>();

  /**
   * An index over a run's task map.
   *
   * @param tasks the live map (path to task); changes to it must be reported to {@link #changed}
   */
  public TaskIndex(Map<String, TaskRun> tasks) {
    this.tasks = tasks;
  }

  /** The instance of {@code dag} at {@code path}, indexed from the task map on first use. */
  public Scope scope(String path, DagSpec dag) {
    Scope s = scopes.get(path);
    if (s == null) {
      s = new Scope(shapes.computeIfAbsent(dag, Shape::of), path, tasks);
      scopes.put(path, s);
    }
    return s;
  }

  /** Records a change of one task (after the map has it); {@code before} is null for a new one. */
  public void changed(TaskRun before, TaskRun next) {
    Scope s = scopes.get(next.parentPath());
    if (s != null) {
      Integer i = s.shape.pos().get(next.key());
      if (i != null) {
        s.changed(i, before, next);
      }
    }
    if (next.state().isTerminal()
        && (next.kind() == TaskKind.DAG || next.kind() == TaskKind.ITERATION)) {
      scopes.remove(next.path()); // a finished instance is never visited again
    }
  }

  /** Whether the scheduler must look at an existing task: all but steps waiting on a process. */
  private static boolean needsLook(TaskRun t) {
    return t.state().isActive()
        && !(t.kind() == TaskKind.CONTAINER && t.activeAttempt().isPresent());
  }
}
