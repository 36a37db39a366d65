package dev.skiff.engine.schedule;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunSnapshot;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskIndex;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskPaths;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.dag.DagGraph;
import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.expr.ConditionEvaluator;
import dev.skiff.pipeline.expr.ExpressionException;
import dev.skiff.pipeline.model.ComponentSpec;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.DagSpec;
import dev.skiff.pipeline.model.ExecutorSpec;
import dev.skiff.pipeline.model.ImporterSpec;
import dev.skiff.pipeline.model.PipelineTask;
import dev.skiff.pipeline.model.RetryPolicy;
import dev.skiff.pipeline.model.TriggerStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduler: {@link #decide} looks at a {@link RunSnapshot} and says what to do next. No I/O,
 * no clock, no threads; the engine applies the actions, persists them and calls it again until it
 * returns nothing, then waits for an event (a step ended, a cancel, {@link Decision#wakeAt()}).
 *
 * <p>Rules, following KFP's driver and Argo's DAG semantics:
 *
 * <ul>
 *   <li>A task is ready when every upstream task ({@code dependentTasks} plus data producers) has
 *       SUCCEEDED; with strategy {@code ALL_UPSTREAM_TASKS_COMPLETED} (exit handlers, {@code
 *       ignore_upstream_failure}) when every upstream task is in any final state.
 *   <li>An upstream task that was SKIPPED makes the task SKIPPED (unless
 *       ALL_UPSTREAM_TASKS_COMPLETED); one that FAILED or was CANCELED means the task never starts.
 *   <li>A ready task's inputs are resolved, then its condition is evaluated: false makes it
 *       SKIPPED; an input or condition error makes it FAILED.
 *   <li>A DAG (or loop, or iteration) ends when nothing in it runs and nothing more can start:
 *       FAILED if a child failed (siblings already running finish first), CANCELED if a child was
 *       canceled, else SUCCEEDED with its {@code dag.outputs}. A loop starts at most {@code
 *       parallelismLimit} iterations at once, stops starting new ones after a failure, and collects
 *       its iterations' outputs into lists.
 *   <li>A failed attempt is retried per {@code retryPolicy} after its backoff; when retries are
 *       used up the step FAILED with the last attempt's message.
 *   <li>While the run is CANCELING nothing starts (not even exit handlers, as in KFP), running
 *       steps are canceled, and the run ends CANCELED.
 * </ul>
 */
public final class RunScheduler {
  private final Map<DagSpec, List<String>> orders = new IdentityHashMap<>();

  /** What the DAG instance ended with; null while it is still active. */
  private record Outcome(TaskState state, TaskValues outputs, String error) {}

  /** Collects actions and the earliest wake-up time of one decision. */
  private static final class Out {
    final List<Action> actions = new ArrayList<>();
    Instant wakeAt;

    void wake(Instant at) {
      if (wakeAt == null || at.isBefore(wakeAt)) {
        wakeAt = at;
      }
    }
  }

  /** Decides what to do for this snapshot. */
  public Decision decide(RunSnapshot s) {
    Out out = new Out();
    RunState state = s.run().state();
    if (state.isTerminal()) {
      return new Decision(List.of(), Optional.empty());
    }
    if (state == RunState.PENDING) {
      return new Decision(List.of(new Action.StartRun()), Optional.empty());
    }
    DagSpec root = s.spec().root().dag().orElseThrow();
    InputResolver.Scope scope =
        new InputResolver.Scope("", new TaskValues(s.run().parameters(), Map.of()));
    Outcome o = visitDag(s, scope, root, out);
    if (o != null) {
      RunState end =
          switch (o.state()) {
            case SUCCEEDED, SKIPPED -> RunState.SUCCEEDED;
            case CANCELED -> RunState.CANCELED;
            default -> state == RunState.CANCELING ? RunState.CANCELED : RunState.FAILED;
          };
      if (state == RunState.CANCELING) {
        end = RunState.CANCELED;
      }
      out.actions.add(new Action.FinishRun(end, o.error()));
    }
    return new Decision(out.actions, Optional.ofNullable(out.wakeAt));
  }

  private Outcome visitDag(RunSnapshot s, InputResolver.Scope scope, DagSpec dag, Out out) {
    boolean canceling = s.run().state() == RunState.CANCELING;
    int before = out.actions.size();
    boolean active = false;
    Set<String> never = new HashSet<>();
    if (s.index() != null && !canceling) {
      // Only the tasks that can change now; the full walk below would do nothing with the others.
      TaskIndex.Scope indexed = s.index().scope(scope.path(), dag);
      List<String> keys = indexed.order();
      for (int i = indexed.next(0); i >= 0; i = indexed.next(i + 1)) {
        visitTask(s, scope, dag, keys.get(i), never, out);
      }
      active = indexed.activeCount() > 0;
    } else {
      for (String key : order(dag)) {
        active |= visitTask(s, scope, dag, key, never, out);
      }
    }
    if (active || out.actions.size() > before) {
      return null;
    }
    return outcome(s, scope.path(), dag, canceling && !never.isEmpty());
  }

  /** Decides about one task of a DAG instance; true when it is active. */
  private boolean visitTask(
      RunSnapshot s,
      InputResolver.Scope scope,
      DagSpec dag,
      String key,
      Set<String> never,
      Out out) {
    boolean canceling = s.run().state() == RunState.CANCELING;
    PipelineTask task = dag.tasks().get(key);
    String path = TaskPaths.child(scope.path(), key);
    TaskRun t = s.tasks().get(path);
    if (t == null) {
      if (canceling || !decidePending(s, scope, task, path, never, out)) {
        never.add(key);
      }
      return false;
    }
    if (!t.state().isActive()) {
      return false;
    }
    ComponentSpec component = s.spec().component(task.componentRef()).orElseThrow();
    switch (t.kind()) {
      case DAG -> {
        Outcome sub =
            visitDag(
                s, new InputResolver.Scope(path, t.inputs()), component.dag().orElseThrow(), out);
        if (sub != null) {
          out.actions.add(new Action.Finish(path, sub.state(), sub.outputs(), sub.error()));
        }
      }
      case LOOP -> visitLoop(s, t, task, component.dag().orElseThrow(), out);
      case CONTAINER -> visitStep(s, t, task, out);
      case IMPORTER, ITERATION -> {}
    }
    return true;
  }

  /**
   * Decides about a task that has not started. Returns false when it can never start (an upstream
   * task failed or will never run); true when it started, was skipped or failed, or must wait.
   */
  private boolean decidePending(
      RunSnapshot s,
      InputResolver.Scope scope,
      PipelineTask task,
      String path,
      Set<String> never,
      Out out) {
    boolean waiting = false;
    String skippedUpstream = null;
    boolean failedUpstream = false;
    for (String up : task.upstreamTasks()) {
      if (never.contains(up)) {
        return false;
      }
      TaskState st = s.stateOf(TaskPaths.child(scope.path(), up));
      if (!st.isTerminal()) {
        waiting = true;
      } else if (st == TaskState.SKIPPED) {
        skippedUpstream = skippedUpstream == null ? up : skippedUpstream;
      } else if (st != TaskState.SUCCEEDED) {
        failedUpstream = true;
      }
    }
    if (waiting) {
      return true;
    }
    if (task.strategy() == TriggerStrategy.ALL_UPSTREAM_TASKS_SUCCEEDED) {
      if (failedUpstream) {
        return false;
      }
      if (skippedUpstream != null) {
        out.actions.add(
            new Action.Skip(
                path,
                kindOf(s, task),
                task.name(),
                TaskValues.EMPTY,
                "upstream task '" + skippedUpstream + "' was skipped"));
        return true;
      }
    }
    ComponentSpec component = s.spec().component(task.componentRef()).orElseThrow();
    TaskKind kind = kindOf(s, task);
    TaskValues inputs;
    try {
      inputs = InputResolver.resolve(task, component, scope, s);
    } catch (InputResolver.InputException e) {
      out.actions.add(
          new Action.FailPending(path, kind, task.name(), TaskValues.EMPTY, e.getMessage()));
      return true;
    }
    Optional<String> condition = task.triggerPolicy().flatMap(p -> p.condition());
    if (condition.isPresent() && !condition.get().isBlank()) {
      try {
        ExecutorInput ei =
            new ExecutorInput(
                new ExecutorInput.Inputs(inputs.parameters(), inputs.artifacts()),
                new ExecutorInput.Outputs(Map.of(), Map.of(), ""));
        if (!ConditionEvaluator.evaluate(condition.get(), ei)) {
          out.actions.add(
              new Action.Skip(
                  path, kind, task.name(), inputs, "condition is false: " + condition.get()));
          return true;
        }
      } catch (ExpressionException e) {
        out.actions.add(new Action.FailPending(path, kind, task.name(), inputs, e.getMessage()));
        return true;
      }
    }
    switch (kind) {
      case DAG, LOOP -> out.actions.add(new Action.StartDag(path, kind, task.name(), inputs));
      case CONTAINER, IMPORTER ->
          out.actions.add(new Action.StartStep(path, kind, task.name(), inputs));
      case ITERATION -> throw new IllegalStateException("an IR task is never an iteration");
    }
    return true;
  }

  private void visitLoop(RunSnapshot s, TaskRun loop, PipelineTask task, DagSpec body, Out out) {
    boolean canceling = s.run().state() == RunState.CANCELING;
    LoopIterations its;
    try {
      its = LoopIterations.of(s, loop, task.iterator().orElseThrow(), body, canceling);
    } catch (InputResolver.InputException e) {
      out.actions.add(
          new Action.Finish(loop.path(), TaskState.FAILED, TaskValues.EMPTY, e.getMessage()));
      return;
    }
    int limit = task.iterator().get().parallelismLimit();
    int before = out.actions.size();
    int running = its.running();
    // A failure seen now, even one decided in this pass, stops new iterations: fail fast.
    boolean stop = canceling || its.stopped();
    // First the active iterations (with an index, only those that may change now), then new ones
    // up to the parallelism limit.
    for (int i = its.nextLive(0); i >= 0; i = its.nextLive(i + 1)) {
      String path = TaskPaths.iteration(loop.path(), i);
      TaskRun it = s.tasks().get(path);
      Outcome sub = visitDag(s, new InputResolver.Scope(path, it.inputs()), body, out);
      if (sub != null) {
        out.actions.add(new Action.Finish(path, sub.state(), sub.outputs(), sub.error()));
        running--;
        stop |= sub.state() != TaskState.SUCCEEDED;
      }
    }
    // Start new iterations only once the running ones have settled in this pass: an iteration's
    // step may be about to fail (its retries used up), which must stop new iterations.
    boolean settled = out.actions.size() == before;
    for (int i = stop || !settled ? -1 : its.nextAbsent(0);
        i >= 0 && (limit <= 0 || running < limit);
        i = its.nextAbsent(i + 1)) {
      out.actions.add(
          new Action.StartDag(
              TaskPaths.iteration(loop.path(), i),
              TaskKind.ITERATION,
              loop.displayName() + "-" + i,
              its.items().get(i)));
      running++;
    }
    if (its.running() == 0 && out.actions.size() == before) {
      out.actions.add(its.finish());
    }
  }

  private void visitStep(RunSnapshot s, TaskRun t, PipelineTask task, Out out) {
    boolean canceling = s.run().state() == RunState.CANCELING;
    Optional<Attempt> live = t.activeAttempt();
    if (canceling) {
      if (live.isPresent()) {
        if (t.state() == TaskState.RUNNING) {
          out.actions.add(new Action.CancelStep(t.path(), live.get().number()));
        }
      } else {
        out.actions.add(new Action.Finish(t.path(), TaskState.CANCELED, TaskValues.EMPTY, null));
      }
      return;
    }
    if (live.isPresent() || t.state() != TaskState.RUNNING) {
      return;
    }
    // Only the attempts since the task (last) started count: a retried run starts it again.
    List<Attempt> current = t.currentAttempts();
    Optional<Attempt> last = current.isEmpty() ? Optional.empty() : Optional.of(current.getLast());
    if (last.isEmpty() || last.get().state() == AttemptState.LOST) {
      out.actions.add(
          new Action.Launch(t.path(), t.lastAttempt().map(a -> a.number() + 1).orElse(1)));
      return;
    }
    if (last.get().state() != AttemptState.FAILED) {
      return; // an ended attempt that is neither lost nor failed: the engine finishes the task
    }
    long failures = current.stream().filter(a -> a.state() == AttemptState.FAILED).count();
    RetryPolicy policy = task.retryPolicy().orElse(null);
    int maxRetries = policy == null ? 0 : policy.maxRetryCount();
    if (failures > maxRetries) {
      out.actions.add(
          new Action.Finish(
              t.path(),
              TaskState.FAILED,
              TaskValues.EMPTY,
              last.get().message().orElse("failed")
                  + (failures > 1 ? " (after " + failures + " attempts)" : "")));
      return;
    }
    Duration backoff = policy.backoffBefore((int) failures);
    Instant at = last.get().finishedAt().orElse(s.now()).plus(backoff);
    if (!s.now().isBefore(at)) {
      out.actions.add(new Action.Launch(t.path(), last.get().number() + 1));
    } else {
      out.wake(at);
    }
  }

  private Outcome outcome(RunSnapshot s, String path, DagSpec dag, boolean abandoned) {
    String failed = null;
    boolean canceled = abandoned;
    for (String key : order(dag)) {
      TaskRun t = s.tasks().get(TaskPaths.child(path, key));
      if (t == null) {
        continue;
      }
      if (t.state() == TaskState.FAILED && failed == null) {
        failed = "task '" + key + "' failed" + t.error().map(e -> ": " + e).orElse("");
      } else if (t.state() == TaskState.CANCELED) {
        canceled = true;
      }
    }
    if (failed != null) {
      return new Outcome(TaskState.FAILED, TaskValues.EMPTY, failed);
    }
    if (canceled) {
      return new Outcome(TaskState.CANCELED, TaskValues.EMPTY, null);
    }
    try {
      return new Outcome(TaskState.SUCCEEDED, DagOutputResolver.outputs(dag, path, s), null);
    } catch (InputResolver.InputException e) {
      return new Outcome(TaskState.FAILED, TaskValues.EMPTY, e.getMessage());
    }
  }

  /** What kind of task the IR task is. */
  static TaskKind kindOf(RunSnapshot s, PipelineTask task) {
    ComponentSpec component = s.spec().component(task.componentRef()).orElseThrow();
    if (component.dag().isPresent()) {
      return task.iterator().isPresent() ? TaskKind.LOOP : TaskKind.DAG;
    }
    ExecutorSpec executor = s.spec().executorOf(component).orElse(null);
    return executor instanceof ImporterSpec ? TaskKind.IMPORTER : TaskKind.CONTAINER;
  }

  /** Whether the IR task runs an executor Skiff cannot run (resolver, custom job). */
  static boolean isRunnable(ExecutorSpec executor) {
    return executor instanceof ContainerSpec || executor instanceof ImporterSpec;
  }

  private List<String> order(DagSpec dag) {
    return orders.computeIfAbsent(dag, d -> DagGraph.of(d).topologicalOrder());
  }
}
