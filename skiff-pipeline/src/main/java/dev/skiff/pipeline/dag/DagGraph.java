package dev.skiff.pipeline.dag;

import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.PipelineTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The task graph of one DAG: an edge {@code a → b} when {@code b} waits for {@code a}, through
 * {@code dependentTasks} or by reading one of {@code a}'s outputs. References to tasks outside the
 * DAG are not edges (the validator reports them). Orders are deterministic: ties follow the order
 * of {@code dag.tasks}.
 */
public final class DagGraph {

  private final Map<String, Set<String>> upstream;
  private final Map<String, Set<String>> downstream;

  private DagGraph(Map<String, Set<String>> upstream, Map<String, Set<String>> downstream) {
    this.upstream = upstream;
    this.downstream = downstream;
  }

  /** Builds the graph of {@code dag}. */
  public static DagGraph of(DagSpec dag) {
    Map<String, Set<String>> up = new LinkedHashMap<>();
    Map<String, Set<String>> down = new LinkedHashMap<>();
    for (String key : dag.tasks().keySet()) {
      up.put(key, new LinkedHashSet<>());
      down.put(key, new LinkedHashSet<>());
    }
    for (PipelineTask task : dag.tasks().values()) {
      for (String producer : task.upstreamTasks()) {
        if (up.containsKey(producer) && !producer.equals(task.key())) {
          up.get(task.key()).add(producer);
          down.get(producer).add(task.key());
        }
      }
    }
    return new DagGraph(freeze(up), freeze(down));
  }

  /** The task keys, in {@code dag.tasks} order. */
  public Set<String> tasks() {
    return upstream.keySet();
  }

  /** The tasks {@code task} waits for directly. */
  public Set<String> upstream(String task) {
    return upstream.getOrDefault(task, Set.of());
  }

  /** The tasks that wait for {@code task} directly. */
  public Set<String> downstream(String task) {
    return downstream.getOrDefault(task, Set.of());
  }

  /** Number of direct upstream tasks per task. */
  private Map<String, Integer> inDegree() {
    Map<String, Integer> out = new LinkedHashMap<>();
    upstream.forEach((k, v) -> out.put(k, v.size()));
    return out;
  }

  /** The tasks with no upstream task: those that may start first. */
  private List<String> roots() {
    List<String> out = new ArrayList<>();
    upstream.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            out.add(k);
          }
        });
    return out;
  }

  /**
   * Every task, each after all the tasks it waits for (Kahn's algorithm).
   *
   * @throws IllegalStateException when the graph has a cycle (see {@link #findCycle()})
   */
  public List<String> topologicalOrder() {
    Map<String, Integer> remaining = new HashMap<>(inDegree());
    Deque<String> ready = new ArrayDeque<>(roots());
    List<String> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String task = ready.removeFirst();
      order.add(task);
      for (String next : downstream(task)) {
        if (remaining.merge(next, -1, Integer::sum) == 0) {
          ready.addLast(next);
        }
      }
    }
    if (order.size() != upstream.size()) {
      throw new IllegalStateException(
          "tasks form a cycle: " + String.join(" -> ", findCycle().orElse(List.of())));
    }
    return order;
  }

  /**
   * A cycle, if there is one, as the tasks along it with the first repeated at the end, e.g. {@code
   * [a, b, a]} for a waiting on b and b waiting on a (listed in the waiting direction).
   */
  public Optional<List<String>> findCycle() {
    // Iterative depth-first search: a chain of many thousands of tasks must not overflow the stack.
    Map<String, Integer> state = new HashMap<>(); // 1 = on the current path, 2 = done
    for (String start : upstream.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      List<String> path = new ArrayList<>();
      Deque<Iterator<String>> next = new ArrayDeque<>();
      state.put(start, 1);
      path.add(start);
      next.push(upstream(start).iterator());
      while (!next.isEmpty()) {
        Iterator<String> it = next.peek();
        if (!it.hasNext()) {
          next.pop();
          state.put(path.removeLast(), 2);
          continue;
        }
        String task = it.next();
        Integer s = state.get(task);
        if (s == null) {
          state.put(task, 1);
          path.add(task);
          next.push(upstream(task).iterator());
        } else if (s == 1) {
          List<String> cycle = new ArrayList<>(path.subList(path.indexOf(task), path.size()));
          cycle.add(task);
          return Optional.of(cycle);
        }
      }
    }
    return Optional.empty();
  }

  private static Map<String, Set<String>> freeze(Map<String, Set<String>> map) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, Collections.unmodifiableSet(v)));
    return Collections.unmodifiableMap(out);
  }
}
