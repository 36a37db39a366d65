package dev.skiff.engine.run;

/**
 * The state of one task of a run (KFP's {@code RuntimeState}). A cache hit is {@link #SUCCEEDED}
 * with {@link TaskRun#cached()} set (KFP's UI shows it as SKIPPED; Skiff keeps SKIPPED for tasks
 * that did not run because of a condition or a skipped upstream). Allowed changes are data, in
 * {@link Transitions#TASK}.
 */
public enum TaskState {
  /** Not started; a task that has no row yet is pending. */
  PENDING,
  /** Started: a step has an attempt queued or running (or waits to retry); a DAG has children. */
  RUNNING,
  /** Finished well (or reused a cached result). */
  SUCCEEDED,
  /** Not run: its condition was false or an upstream task was skipped. */
  SKIPPED,
  /** Failed: the step failed after its retries, an input could not be resolved, a child failed. */
  FAILED,
  /** Cancel requested; the step's process group is being killed. */
  CANCELING,
  /** Canceled. */
  CANCELED;

  /** Whether nothing will change any more. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == SKIPPED || this == FAILED || this == CANCELED;
  }

  /** Whether the task has started and not finished. */
  public boolean isActive() {
    return this == RUNNING || this == CANCELING;
  }

  /** Whether the table allows moving from this state to {@code next}. */
  public boolean canTransitionTo(TaskState next) {
    return Transitions.TASK.allows(this, next);
  }
}
