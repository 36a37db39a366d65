package dev.skiff.engine.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a retry of a failed or canceled run changes (KFP's {@code :retry}): the run goes back to
 * PENDING; tasks that succeeded or were skipped keep their state and outputs; every task that
 * failed or was canceled after it started runs again (RUNNING, keeping its inputs and its earlier
 * attempts as history, with a fresh retry budget); a task that failed before it started (an input
 * that could not be resolved, an importer that failed) is forgotten, so that the scheduler decides
 * it again. Pure: the engine applies the plan through a {@link RunModel}, whose transition tables
 * check it.
 */
public final class RunRetry {
  private RunRetry() {}

  /**
   * A retry's changes.
   *
   * @param run the run, reopened
   * @param rerun tasks that run again, in their new state
   * @param forgotten paths of tasks whose rows go
   */
  public record Plan(RunRecord run, List<TaskRun> rerun, List<String> forgotten) {
    public Plan {
      rerun = List.copyOf(rerun);
      forgotten = List.copyOf(forgotten);
    }
  }

  /** Whether a run in this state can be retried. */
  public static boolean allows(RunState state) {
    return state == RunState.FAILED || state == RunState.CANCELED;
  }

  /**
   * The plan for a run and its tasks.
   *
   * @param now when the retry happens (the rerun tasks' new start)
   * @throws IllegalArgumentException when the run is neither FAILED nor CANCELED
   */
  public static Plan plan(RunRecord run, Collection<TaskRun> tasks, Instant now) {
    if (!allows(run.state())) {
      throw new IllegalArgumentException(
          "run " + run.id() + " is " + run.state() + ": only a failed or canceled run is retried");
    }
    List<TaskRun> rerun = new ArrayList<>();
    List<String> forgotten = new ArrayList<>();
    for (TaskRun t : tasks) {
      boolean ended = t.state() == TaskState.FAILED || t.state() == TaskState.CANCELED;
      if (!ended) {
        continue; // succeeded or skipped: kept; still active after an engine error: reclaimed
      }
      if (t.startedAt().isEmpty()) {
        forgotten.add(t.path());
      } else {
        rerun.add(t.retried(now));
      }
    }
    return new Plan(run.reopened(), rerun, forgotten);
  }

  /** Applies a plan to a model of the run built without the forgotten tasks. */
  public static void apply(RunModel model, Plan plan) {
    model.setRun(plan.run());
    plan.rerun().forEach(model::put);
  }
}
