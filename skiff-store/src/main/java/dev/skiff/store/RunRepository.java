package dev.skiff.store;

import java.util.List;
import java.util.Optional;

/**
 * Pipeline runs, their tasks and attempts. Writes of one task (its row and, optionally, one attempt
 * row) happen in one transaction, so a task's outputs are never separated from the state that says
 * it is done.
 */
public interface RunRepository {

  /** Stores a new run. */
  void create(StoredRun run);

  /** Replaces the run's state, error and times. */
  void updateRun(StoredRun run);

  Optional<StoredRun> find(String id);

  /**
   * Runs, newest first.
   *
   * @param profile only this profile's runs, or null for all
   * @param limit at most this many
   */
  List<StoredRun> list(String profile, int limit);

  /** Ids of runs not in a final state (PENDING, RUNNING, CANCELING), oldest first. */
  List<String> unfinished();

  /** The run's tasks, ordered by path. */
  List<StoredTask> tasks(String runId);

  /** The run's attempts, ordered by path and attempt. */
  List<StoredAttempt> attempts(String runId);

  /**
   * Inserts or replaces a task and, when given, one of its attempts, in one transaction.
   *
   * @param attemptOrNull an attempt to insert or replace with the task, or null
   */
  void saveTask(StoredTask task, StoredAttempt attemptOrNull);

  /** Inserts or replaces several tasks in one transaction. */
  void saveTasks(List<StoredTask> tasks);

  /**
   * Inserts or replaces several tasks, then several attempts (each of a task stored before or in
   * this call), in one transaction: the engine's group commit of the changes of one decision round.
   */
  void saveChanges(List<StoredTask> tasks, List<StoredAttempt> attempts);

  /** Records the process id of a started attempt. */
  void attemptStarted(String runId, String path, int attempt, long pid);

  /**
   * The newest SUCCEEDED task with this fingerprint in a run of the same pipeline and profile
   * (KFP's cache scope), if any.
   */
  Optional<StoredTask> findCached(String profile, String pipelineName, String fingerprint);

  /** Deletes a run with its tasks and attempts; false when there was none. */
  boolean delete(String id);
}
