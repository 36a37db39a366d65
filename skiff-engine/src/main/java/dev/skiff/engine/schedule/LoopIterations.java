package dev.skiff.engine.schedule;

import dev.skiff.engine.run.RunSnapshot;
import dev.skiff.engine.run.TaskIndex;
import dev.skiff.engine.run.TaskPaths;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactSource;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.ParameterSource;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.TaskIterator;
import dev.skiff.pipeline.model.TaskParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The iterations of one loop as one decision sees them: through the run's {@link TaskIndex.Loop},
 * at a cost proportional to what changed, or without an index (and while canceling) by walking
 * every iteration in the task map. Both give the same answers; the scheduler's tests compare them.
 */
final class LoopIterations {
  private final RunSnapshot snapshot;
  private final String loop;
  private final List<TaskValues> items;
  private final TaskIndex.Loop indexed;
  private final int running;
  private final boolean stopped;

  private LoopIterations(
      RunSnapshot snapshot, String loop, List<TaskValues> items, TaskIndex.Loop indexed) {
    this.snapshot = snapshot;
    this.loop = loop;
    this.items = items;
    this.indexed = indexed;
    if (indexed != null) {
      running = indexed.activeCount();
      stopped = indexed.stopped();
    } else {
      int active = 0;
      boolean failed = false;
      for (int i = 0; i < items.size(); i++) {
        TaskRun it = iteration(i);
        active += it != null && it.state().isActive() ? 1 : 0;
        failed |= it != null && stops(it.state());
      }
      running = active;
      stopped = failed;
    }
  }

  /**
   * The iterations of the loop task {@code loop} with body {@code body}; {@code walk} ignores the
   * snapshot's index.
   *
   * @throws InputResolver.InputException when the loop's items are not a list
   */
  static LoopIterations of(
      RunSnapshot s, TaskRun loop, TaskIterator iterator, DagSpec body, boolean walk)
      throws InputResolver.InputException {
    TaskIndex.Loop indexed = s.index() == null || walk ? null : s.index().loop(loop.path());
    if (indexed != null) {
      return new LoopIterations(s, loop.path(), indexed.items(), indexed);
    }
    List<TaskValues> items =
        LoopItems.iterations(iterator, loop.inputs(), readByBody(body, loop.inputs()));
    if (s.index() != null && !walk) {
      indexed = s.index().loop(loop.path(), items, iterator.parallelismLimit());
    }
    return new LoopIterations(s, loop.path(), items, indexed);
  }

  /**
   * The loop inputs that the body's tasks read. The SDK passes every loop input to the body, the
   * iterated list included; copying that list into each of n iterations (and the store) would cost
   * n² in time and space, so an iteration keeps only what its tasks use, plus its item.
   */
  static TaskValues readByBody(DagSpec body, TaskValues loopInputs) {
    Set<String> parameters = new HashSet<>();
    Set<String> artifacts = new HashSet<>();
    for (PipelineTask task : body.tasks().values()) {
      for (TaskParameter p : task.parameters().values()) {
        switch (p.source()) {
          case ParameterSource.ComponentInput ci -> parameters.add(ci.inputName());
          case ParameterSource.RuntimeParameter rp -> parameters.add(rp.inputName());
          default -> {}
        }
      }
      for (ArtifactSource a : task.artifacts().values()) {
        if (a instanceof ArtifactSource.ComponentInputArtifact ci) {
          artifacts.add(ci.inputName());
        }
      }
    }
    Map<String, JsonValue> keptParameters = new LinkedHashMap<>(loopInputs.parameters());
    keptParameters.keySet().retainAll(parameters);
    Map<String, List<RuntimeArtifact>> keptArtifacts = new LinkedHashMap<>(loopInputs.artifacts());
    keptArtifacts.keySet().retainAll(artifacts);
    return new TaskValues(keptParameters, keptArtifacts);
  }

  /** Each iteration's inputs, by index. */
  List<TaskValues> items() {
    return items;
  }

  /** How many iterations are active. */
  int running() {
    return running;
  }

  /** Whether an iteration failed or was canceled (fail fast: no new iteration starts). */
  boolean stopped() {
    return stopped;
  }

  /**
   * The next active iteration at or after {@code from} that may change now, or -1. Without an
   * index, every active one.
   */
  int nextLive(int from) {
    if (indexed != null) {
      return indexed.nextLook(from);
    }
    for (int i = from; i < items.size(); i++) {
      TaskRun it = iteration(i);
      if (it != null && it.state().isActive()) {
        return i;
      }
    }
    return -1;
  }

  /** The next iteration at or after {@code from} that has not started, or -1. */
  int nextAbsent(int from) {
    if (indexed != null) {
      return indexed.nextAbsent(from);
    }
    for (int i = from; i < items.size(); i++) {
      if (iteration(i) == null) {
        return i;
      }
    }
    return -1;
  }

  /**
   * How the loop ends once no iteration is active and none will start: FAILED with the first failed
   * iteration's error, else CANCELED if one was canceled or never started, else SUCCEEDED with the
   * iterations' outputs collected into lists. Walks every iteration, once per loop.
   */
  Action.Finish finish() {
    List<TaskValues> outputs = new ArrayList<>();
    TaskState end = TaskState.SUCCEEDED;
    String error = null;
    for (int i = 0; i < items.size(); i++) {
      TaskRun it = iteration(i);
      if (it == null) {
        end = end == TaskState.FAILED ? end : TaskState.CANCELED;
      } else if (it.state() == TaskState.FAILED) {
        end = TaskState.FAILED;
        error = error == null ? "iteration " + i + " failed: " + it.error().orElse("") : error;
      } else if (it.state() == TaskState.CANCELED && end != TaskState.FAILED) {
        end = TaskState.CANCELED;
      } else if (it.state() == TaskState.SUCCEEDED) {
        outputs.add(it.outputs());
      }
    }
    TaskValues collected =
        end == TaskState.SUCCEEDED ? DagOutputResolver.collect(outputs) : TaskValues.EMPTY;
    return new Action.Finish(loop, end, collected, error);
  }

  private TaskRun iteration(int i) {
    return snapshot.tasks().get(TaskPaths.iteration(loop, i));
  }

  private static boolean stops(TaskState state) {
    return state == TaskState.FAILED || state == TaskState.CANCELED;
  }
}
