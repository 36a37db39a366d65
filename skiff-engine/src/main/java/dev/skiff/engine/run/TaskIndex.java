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
 * Which tasks of each DAG instance and which iterations of each loop the scheduler has to look at,
 * kept up to date as tasks change, so that a decision costs what changed rather than the size of
 * the run (a 100k-step fan-out, or a loop over 100k items, would otherwise walk 100k tasks per step
 * that ends).
 *
 * <p>Per DAG instance (the root {@code ""}, a sub-DAG, a loop iteration) it tracks, by topological
 * position: the pending tasks whose upstream tasks have all reached a final state (candidates: they
 * may start, be skipped or fail now), the active tasks that need a look, and how many tasks are
 * active. Pending tasks that still wait for an upstream task need no look: the full walk would do
 * nothing with them either. The scheduler falls back to the full walk while a run is canceling.
 *
 * <p>Per loop it tracks which iterations exist, how many are active, whether one failed or was
 * canceled (no new ones start), and which active iterations need a look; it also keeps the loop's
 * items, computed once.
 *
 * <p>An instance is <em>quiet</em> when visiting it decides nothing: a DAG instance with active
 * tasks, no candidates and no task that needs a look; a loop with active iterations, none that
 * needs a look, and none that may start now. Active tasks need a look except container steps with a
 * live attempt (they change only through an event) and DAGs and loops whose instance is quiet; an
 * active iteration needs a look unless its instance is quiet. A change that makes an instance quiet
 * or not is passed up to the instance that contains it, so a step that ends costs a few updates
 * along its path, whatever the size of its siblings.
 *
 * <p>Instances are indexed lazily from the task map the first time the scheduler asks, then updated
 * by {@link #changed}; owned by the run's thread like the map itself. One that is not indexed yet
 * always needs a look.
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
  public final class Scope {
    private final String path;
    private final Shape shape;
    private final int[] waiting;
    private final BitSet present;
    private final BitSet candidate;
    private final BitSet attention;
    private int active;

    private Scope(Shape shape, String path) {
      this.path = path;
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

    private boolean quiet() {
      return active > 0 && candidate.isEmpty() && attention.isEmpty();
    }

    private void changed(int i, TaskRun before, TaskRun next) {
      boolean wasQuiet = quiet();
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
      if (wasQuiet != quiet()) {
        quietChanged(path);
      }
    }

    /** The instance of child task {@code t} at position {@code i} became quiet or not. */
    private void childChanged(int i, TaskRun t) {
      boolean wasQuiet = quiet();
      attention.set(i, needsLook(t));
      if (wasQuiet != quiet()) {
        quietChanged(path);
      }
    }
  }

  /** One loop (a ParallelFor task): its iterations by index. */
  public final class Loop {
    private final String path;
    private final List<TaskValues> items;
    private final int limit;
    private final BitSet present = new BitSet();
    private final BitSet look = new BitSet();
    private int firstAbsent;
    private int active;
    private boolean stopped;

    private Loop(String path, List<TaskValues> items, int limit) {
      this.path = path;
      this.items = items;
      this.limit = limit;
      for (int i = 0; i < items.size(); i++) {
        TaskRun it = tasks.get(TaskPaths.iteration(path, i));
        if (it != null) {
          present.set(i);
          active += it.state().isActive() ? 1 : 0;
          stopped |= stops(it);
          look.set(i, iterationNeedsLook(it));
        }
      }
      firstAbsent = present.nextClearBit(0);
    }

    /** Each iteration's inputs, by index, as given when the loop was indexed. */
    public List<TaskValues> items() {
      return items;
    }

    /** How many iterations are active. */
    public int activeCount() {
      return active;
    }

    /** Whether an iteration failed or was canceled: no new iteration starts. */
    public boolean stopped() {
      return stopped;
    }

    /** The next active iteration at or after {@code from} that needs a look, or -1. */
    public int nextLook(int from) {
      return look.nextSetBit(from);
    }

    /** The next iteration at or after {@code from} that has not started, or -1. */
    public int nextAbsent(int from) {
      int i = present.nextClearBit(Math.max(from, firstAbsent));
      return i < items.size() ? i : -1;
    }

    private boolean quiet() {
      boolean mayStart = !stopped && firstAbsent < items.size() && (limit <= 0 || active < limit);
      return active > 0 && look.isEmpty() && !mayStart;
    }

    private void changed(int i, TaskRun before, TaskRun next) {
      boolean wasQuiet = quiet();
      present.set(i);
      if (i == firstAbsent) {
        firstAbsent = present.nextClearBit(i);
      }
      active +=
          (next.state().isActive() ? 1 : 0) - (before != null && before.state().isActive() ? 1 : 0);
      stopped |= stops(next);
      look.set(i, iterationNeedsLook(next));
      if (wasQuiet != quiet()) {
        quietChanged(path);
      }
    }

    /** The instance of iteration {@code it} (index {@code i}) became quiet or not. */
    private void childChanged(int i, TaskRun it) {
      boolean wasQuiet = quiet();
      look.set(i, iterationNeedsLook(it));
      if (wasQuiet != quiet()) {
        quietChanged(path);
      }
    }

    private static boolean stops(TaskRun it) {
      return it.state() == TaskState.FAILED || it.state() == TaskState.CANCELED;
    }
  }

  private final Map<String, TaskRun> tasks;
  private final Map<DagSpec, Shape> shapes = new IdentityHashMap<>();
  private final Map<String, Scope> scopes = new HashMap<>();
  private final Map<String, Loop> loops = new HashMap<>();

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
      s = new Scope(shapes.computeIfAbsent(dag, Shape::of), path);
      scopes.put(path, s);
      quietChanged(path); // its owner counted it as needing a look until now
    }
    return s;
  }

  /**
   * The loop at {@code path} if it is indexed, else null (index it with {@link #loop(String, List,
   * int)}).
   */
  public Loop loop(String path) {
    return loops.get(path);
  }

  /**
   * The loop at {@code path}, indexed from the task map on first use.
   *
   * @param items each iteration's inputs (the loop's items never change once it started)
   * @param limit the loop's parallelism limit; 0 or less for none
   */
  public Loop loop(String path, List<TaskValues> items, int limit) {
    Loop l = loops.get(path);
    if (l == null) {
      l = new Loop(path, items, limit);
      loops.put(path, l);
      quietChanged(path);
    }
    return l;
  }

  /** Records a change of one task (after the map has it); {@code before} is null for a new one. */
  public void changed(TaskRun before, TaskRun next) {
    if (next.kind() == TaskKind.ITERATION) {
      Loop l = loops.get(next.parentPath());
      if (l != null) {
        l.changed(Integer.parseInt(next.key()), before, next);
      }
    } else {
      Scope s = scopes.get(next.parentPath());
      if (s != null) {
        Integer i = s.shape.pos().get(next.key());
        if (i != null) {
          s.changed(i, before, next);
        }
      }
    }
    if (next.state().isTerminal()) {
      // a finished instance is never visited again
      switch (next.kind()) {
        case DAG, ITERATION -> scopes.remove(next.path());
        case LOOP -> loops.remove(next.path());
        default -> {}
      }
    }
  }

  /**
   * The instance at {@code path} (a DAG instance or a loop) may have become quiet or stopped being
   * so: updates the instance that contains it (and so on up while that changes too).
   */
  private void quietChanged(String path) {
    TaskRun owner = tasks.get(path);
    if (owner == null) {
      return; // the root, or an instance whose task is not in the map
    }
    if (owner.kind() == TaskKind.ITERATION) {
      Loop l = loops.get(owner.parentPath());
      if (l != null) {
        l.childChanged(Integer.parseInt(owner.key()), owner);
      }
    } else {
      Scope s = scopes.get(owner.parentPath());
      Integer i = s == null ? null : s.shape.pos().get(owner.key());
      if (i != null) {
        s.childChanged(i, owner);
      }
    }
  }

  /** Whether the scheduler must look at an existing task of a DAG instance. */
  private boolean needsLook(TaskRun t) {
    if (!t.state().isActive()) {
      return false;
    }
    return switch (t.kind()) {
      case CONTAINER -> t.activeAttempt().isEmpty();
      case DAG -> !isQuiet(scopes.get(t.path()));
      case LOOP -> {
        Loop l = loops.get(t.path());
        yield l == null || !l.quiet();
      }
      case IMPORTER, ITERATION -> true;
    };
  }

  /** Whether the scheduler must look at an existing iteration of a loop. */
  private boolean iterationNeedsLook(TaskRun it) {
    return it.state().isActive() && !isQuiet(scopes.get(it.path()));
  }

  private static boolean isQuiet(Scope s) {
    return s != null && s.quiet();
  }
}
