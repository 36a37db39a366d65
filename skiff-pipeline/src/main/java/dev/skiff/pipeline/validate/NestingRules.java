package dev.skiff.pipeline.validate;

import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules for how DAGs nest through component references: no component contains itself (directly
 * or through others), DAGs nest at most {@value #MAX_DEPTH} levels deep, and the longest task path
 * fits the store's column.
 *
 * <p>A task's path is the task names from the root joined by {@code /}, with a loop's iteration
 * index as a segment of its own ({@code for-loop-2/17/train}); the store keeps it in a {@value
 * #MAX_TASK_PATH}-character column, and an index takes at most {@value #INDEX_CHARACTERS}
 * characters. Every walk here is iterative: a hostile chain of components must not overflow the
 * stack of the validator that exists to refuse it.
 */
final class NestingRules {

  /** The deepest nesting of DAGs (the root's DAG is level 1). */
  static final int MAX_DEPTH = 64;

  /** The store's column for task paths. */
  static final int MAX_TASK_PATH = 1024;

  /** The longest iteration index, {@code 2147483647}. */
  static final int INDEX_CHARACTERS = 10;

  /** The root's DAG; DAGs are known by their paths, which no two share. */
  private static final String ROOT = "root.dag";

  private final Findings findings;

  /** Every DAG by its path ({@code root.dag}, {@code components.<name>.dag}). */
  private final Map<String, DagSpec> dags = new LinkedHashMap<>();

  /** The component name of each DAG, {@code root} for the root. */
  private final Map<String, String> names = new HashMap<>();

  NestingRules(PipelineSpec spec, Findings findings) {
    this.findings = findings;
    spec.root()
        .dag()
        .ifPresent(
            d -> {
              dags.put(ROOT, d);
              names.put(ROOT, "root");
            });
    spec.components()
        .forEach(
            (name, c) ->
                c.dag()
                    .ifPresent(
                        d -> {
                          dags.put("components." + name + ".dag", d);
                          names.put("components." + name + ".dag", name);
                        }));
  }

  /** The DAG a task runs, or null when it runs a container (or an unknown component). */
  private String childDag(PipelineTask task) {
    String path = "components." + task.componentRef() + ".dag";
    return dags.containsKey(path) ? path : null;
  }

  void check() {
    if (findCycles()) {
      return;
    }
    Map<String, Measure> measures = measure();
    Measure root = measures.get(ROOT);
    if (root == null) {
      return;
    }
    if (root.depth() > MAX_DEPTH) {
      List<String> chain = new ArrayList<>(List.of("root"));
      for (String n = root.deepestChild(); n != null; n = measures.get(n).deepestChild()) {
        chain.add(names.get(n));
      }
      findings.error(
          "root.dag",
          "DAGs nest "
              + root.depth()
              + " levels deep ("
              + shorten(chain, " → ")
              + "); the limit is "
              + MAX_DEPTH);
    }
    if (root.longestPath() > MAX_TASK_PATH) {
      List<String> segments = new ArrayList<>();
      String firstTask = root.longestTask();
      for (Measure m = root; m != null && m.longestTask() != null; ) {
        PipelineTask task = dag(m.name()).tasks().get(m.longestTask());
        segments.add(NameRules.abbreviate(task.key()));
        if (task.iterator().isPresent()) {
          segments.add("<index>");
        }
        String child = childDag(task);
        m = child == null ? null : measures.get(child);
      }
      findings.error(
          "root.dag.tasks." + NameRules.abbreviate(firstTask),
          "root.dag.tasks." + firstTask,
          "the path of a task can be "
              + root.longestPath()
              + " characters long ("
              + shorten(segments, "/")
              + ", counting "
              + INDEX_CHARACTERS
              + " for each loop <index>); the store holds "
              + MAX_TASK_PATH
              + ": use shorter task names or nest less");
    }
  }

  /** Reports each task through which a component contains itself; true if there was one. */
  private boolean findCycles() {
    Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the stack, 2: done
    boolean found = false;
    for (String start : dags.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<Frame> stack = new ArrayDeque<>();
      stack.push(new Frame(start, null));
      state.put(start, 1);
      while (!stack.isEmpty()) {
        Frame top = stack.peek();
        if (!top.tasks().hasNext()) {
          state.put(top.name(), 2);
          stack.pop();
          continue;
        }
        PipelineTask task = top.tasks().next();
        String child = childDag(task);
        if (child == null) {
          continue;
        }
        Integer seen = state.get(child);
        if (seen == null) {
          state.put(child, 1);
          stack.push(new Frame(child, task.key()));
        } else if (seen == 1) {
          found = true;
          reportCycle(stack, top, task, child);
        }
      }
    }
    return found;
  }

  private void reportCycle(Deque<Frame> stack, Frame top, PipelineTask task, String child) {
    // the stack holds the chain from the root down to `top`; the cycle starts at `child`
    List<String> chain = new ArrayList<>();
    boolean inCycle = false;
    for (Iterator<Frame> it = stack.descendingIterator(); it.hasNext(); ) {
      Frame f = it.next();
      inCycle |= f.name().equals(child);
      if (inCycle) {
        chain.add(
            f.name().equals(child)
                ? "'" + names.get(f.name()) + "'"
                : "task '" + f.enteredBy() + "' runs '" + names.get(f.name()) + "'");
      }
    }
    chain.add("task '" + task.key() + "' runs '" + names.get(child) + "'");
    String taskPath = top.name() + ".tasks." + task.key();
    findings.error(
        taskPath,
        taskPath + ".componentRef.name",
        "component '"
            + names.get(child)
            + "' contains itself ("
            + shorten(chain, " → ")
            + "): a component cannot run inside itself");
  }

  /**
   * For each DAG reachable from the root (the graph has no cycles): how deep its DAGs nest and its
   * longest task path, computed children first.
   */
  private Map<String, Measure> measure() {
    Map<String, Measure> done = new HashMap<>();
    if (!dags.containsKey(ROOT)) {
      return done;
    }
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(ROOT, null));
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (top.tasks().hasNext()) {
        String child = childDag(top.tasks().next());
        if (child != null && !done.containsKey(child) && !onStack(stack, child)) {
          stack.push(new Frame(child, null));
        }
        continue;
      }
      stack.pop();
      done.put(top.name(), measureOne(top.name(), done));
    }
    return done;
  }

  private static boolean onStack(Deque<Frame> stack, String name) {
    // only reached for a name not done yet, which cannot be on the stack in an acyclic graph;
    // kept as a guard so that this walk ends whatever the graph
    for (Frame f : stack) {
      if (f.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private Measure measureOne(String name, Map<String, Measure> done) {
    int depth = 1;
    String deepestChild = null;
    long longest = 0;
    String longestTask = null;
    for (PipelineTask task : dag(name).tasks().values()) {
      long path = task.key().length();
      if (task.iterator().isPresent()) {
        path += 1 + INDEX_CHARACTERS;
      }
      String childDag = childDag(task);
      Measure child = childDag == null ? null : done.get(childDag);
      if (child != null) {
        path += 1 + child.longestPath();
        if (1 + child.depth() > depth) {
          depth = 1 + child.depth();
          deepestChild = child.name();
        }
      }
      if (path > longest) {
        longest = path;
        longestTask = task.key();
      }
    }
    return new Measure(name, depth, deepestChild, longest, longestTask);
  }

  /**
   * What {@link #measure} finds for one DAG.
   *
   * @param depth levels of DAGs from this one down (1 when it has no DAG tasks)
   * @param deepestChild the DAG component one level down on the deepest chain, or null
   * @param longestPath the length of the longest task path inside this DAG
   * @param longestTask the task that starts it, or null for an empty DAG
   */
  private record Measure(
      String name, int depth, String deepestChild, long longestPath, String longestTask) {}

  /** A DAG being walked: its tasks still to visit, and the parent's task that led here. */
  private final class Frame {
    private final String name;
    private final String enteredBy;
    private final Iterator<PipelineTask> tasks;

    Frame(String name, String enteredBy) {
      this.name = name;
      this.enteredBy = enteredBy;
      this.tasks = dag(name).tasks().values().iterator();
    }

    String name() {
      return name;
    }

    String enteredBy() {
      return enteredBy;
    }

    Iterator<PipelineTask> tasks() {
      return tasks;
    }
  }

  private DagSpec dag(String path) {
    return dags.get(path);
  }

  /** The items joined, the middle left out when there are many. */
  private static String shorten(List<String> items, String separator) {
    if (items.size() <= 12) {
      return String.join(separator, items);
    }
    return String.join(separator, items.subList(0, 5))
        + separator
        + "… ("
        + (items.size() - 10)
        + " more)"
        + separator
        + String.join(separator, items.subList(items.size() - 5, items.size()));
  }
}
