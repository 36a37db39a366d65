package dev.skiff.store;

import java.util.List;

/**
 * One round of a run driver's changes, split by whether each row is new (its driver knows what it
 * stored before): new rows are inserted and the others updated, in batches, instead of trying an
 * update first for every row.
 *
 * @param run the run's new state, or null when only tasks changed
 * @param newTasks tasks never stored before
 * @param changedTasks tasks stored before
 * @param newAttempts attempts never stored before (each of a task stored before or in this round)
 * @param changedAttempts attempts stored before
 */
public record RunChanges(
    StoredRun run,
    List<StoredTask> newTasks,
    List<StoredTask> changedTasks,
    List<StoredAttempt> newAttempts,
    List<StoredAttempt> changedAttempts) {

  public RunChanges {
    newTasks = List.copyOf(newTasks);
    changedTasks = List.copyOf(changedTasks);
    newAttempts = List.copyOf(newAttempts);
    changedAttempts = List.copyOf(changedAttempts);
  }

  /** Whether there is nothing to write. */
  public boolean isEmpty() {
    return run == null
        && newTasks.isEmpty()
        && changedTasks.isEmpty()
        && newAttempts.isEmpty()
        && changedAttempts.isEmpty();
  }
}
