package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pipeline runs, their tasks and attempts, and who drives each unfinished run.
 *
 * <p>A run's driver writes through {@link #saveChanges}: the run row, task rows and attempt rows of
 * one decision round in one transaction, fenced by the driver's {@link Lease} so that a process
 * that lost a run can never write to it again. A task's outputs are therefore never separated from
 * the state that says it is done.
 */
public interface RunRepository {

  /**
   * Stores a new run, and moves its experiment's {@code last_run_created_at} forward to the run's
   * creation time in the same transaction.
   *
   * @param leaseOrNull the lease of the process that will drive it, or null for a run nobody drives
   *     yet (any process may claim it)
   */
  void create(StoredRun run, Lease leaseOrNull);

  /**
   * Stores finished runs with their tasks in one transaction of batched inserts (imports from
   * elsewhere, data-scale benchmarks), moving their experiments' {@code last_run_created_at} as
   * {@link #create} does. Runs that are not finished are refused: nobody would drive them.
   *
   * @throws IllegalArgumentException for a run that is not in a final state
   */
  void createAll(List<StoredRun> runs, List<StoredTask> tasks);

  /** Replaces the run's state, error and times, whoever drives it (not for drivers: see below). */
  void updateRun(StoredRun run);

  Optional<StoredRun> find(String id);

  /**
   * Runs, newest first.
   *
   * @param profile only this profile's runs, or null for all
   * @param limit at most this many
   */
  List<StoredRun> list(String profile, int limit);

  /**
   * One page of runs within {@code scope}, filtered and sorted on {@link CatalogFields#RUNS},
   * without their pipeline files ({@link StoredRun#spec()} is empty).
   */
  Page<StoredRun> list(Scope scope, ListQuery query);

  /**
   * Archives a run or makes it available again ({@link StoredRun#ARCHIVED}, {@link
   * StoredRun#AVAILABLE}); whoever drives it is not disturbed.
   *
   * @return false when the run is unknown
   */
  boolean setStorageState(String runId, String storageState);

  /**
   * Reopens a finished run to run it again (a retry), in one transaction: the run row takes {@code
   * run}'s state, error and times if it is still in {@code fromState} (so that of two concurrent
   * retries one wins), the given tasks are rewritten, the forgotten ones deleted with their
   * attempts, and {@code leaseOrNull}'s owner holds the run from now on (null: the run waits in the
   * store for a driver, as a submitted run beyond the limit does).
   *
   * @return false when the run is not in {@code fromState} any more; nothing is written
   */
  boolean reopen(
      StoredRun run,
      String fromState,
      Lease leaseOrNull,
      List<StoredTask> reset,
      List<String> forgotten);

  /**
   * How many runs there are.
   *
   * @param profile only this profile's runs, or null for all
   */
  long count(String profile);

  /** Ids of runs not in a final state (PENDING, RUNNING, CANCELING), oldest first. */
  List<String> unfinished();

  /** The run's tasks, ordered by path. */
  List<StoredTask> tasks(String runId);

  /** The run's attempts, ordered by path and attempt. */
  List<StoredAttempt> attempts(String runId);

  /**
   * Writes one round of a driver's changes in one transaction, renewing its lease on the run: the
   * run row (when given), then tasks, then attempts (each of a task stored before or in this call).
   *
   * @param runId the run the changes belong to
   * @param lease the driver's lease; the write happens only while it holds the run
   * @param runOrNull the run's new state, or null when only tasks changed
   * @throws LeaseLostException when another process holds the run now; nothing is written
   */
  void saveChanges(
      String runId,
      Lease lease,
      StoredRun runOrNull,
      List<StoredTask> tasks,
      List<StoredAttempt> attempts);

  /**
   * Writes one round of a driver's changes as {@link #saveChanges(String, Lease, StoredRun, List,
   * List)} does, inserting the rows it says are new and updating the others.
   *
   * @throws LeaseLostException when another process holds the run now; nothing is written
   */
  void saveChanges(String runId, Lease lease, RunChanges changes);

  /**
   * The owners of unfinished runs, newest first: what a process looks at to find runs whose driver
   * died.
   *
   * @param limit at most this many
   */
  List<RunOwner> unfinishedOwners(int limit);

  /**
   * Runs whose lease has lapsed by {@code now}, newest first: their owner stopped renewing it (it
   * died on another host, or hung) or released them on a clean stop. Runs that wait for their first
   * driver are not among them (see {@link #waiting}).
   *
   * @param limit at most this many
   */
  List<RunOwner> lapsed(java.time.Instant now, int limit);

  /**
   * The owners of unfinished runs whose id starts with {@code prefix} (e.g. the processes of one
   * host, whose liveness the caller can check), excluding {@code except}.
   */
  List<String> owners(String prefix, String except);

  /**
   * The unfinished runs {@code owner} holds, newest first.
   *
   * @param limit at most this many
   */
  List<RunOwner> heldBy(String owner, int limit);

  /**
   * Runs that wait for their first driver (stored with no lease), oldest first: the order in which
   * they are claimed.
   *
   * @param limit at most this many
   */
  List<RunOwner> waiting(int limit);

  /** How many runs wait for their first driver. */
  long countWaiting();

  /** Who drives the run, if it is unfinished. */
  Optional<RunOwner> owner(String runId);

  /**
   * Takes an unfinished run over, if its ownership is still exactly what the caller saw (a
   * compare-and-set: of several processes that saw the same expired lease, one wins).
   *
   * @return true when the caller now holds the run
   */
  boolean claim(RunOwner seen, Lease lease);

  /**
   * Extends the lease on every unfinished run the owner holds.
   *
   * @return how many runs it holds
   */
  int renew(Lease lease);

  /**
   * Gives up a run (its driver stops cleanly): its lease lapses at once (it is then among the
   * {@link #lapsed} runs), so any process may claim it.
   */
  void release(String runId, String owner);

  /**
   * Asks for an unfinished run to be canceled by whoever drives it.
   *
   * @return false when the run is unknown or already finished
   */
  boolean requestCancel(String runId);

  /** Ids of unfinished runs held by {@code owner} that someone asked to cancel. */
  List<String> cancelRequests(String owner);

  /**
   * The newest SUCCEEDED task with this fingerprint in a run of the same pipeline and profile
   * (KFP's cache scope), if any.
   */
  Optional<StoredTask> findCached(String profile, String pipelineName, String fingerprint);

  /** Deletes a run with its tasks and attempts; false when there was none. */
  boolean delete(String id);

  /**
   * Which runs reuse outputs of the given runs through the cache: for each given run that computed
   * a step whose outputs a task of another run (same profile and pipeline) took as a cache hit, the
   * ids of those other runs. A cached task's outputs name the artifacts of the run that computed
   * them, so that run's artifacts must stay while its reusers do. Runs nobody reuses are absent.
   */
  Map<String, Set<String>> reusers(Collection<String> runIds);

  /**
   * Removes the cache entries that point at the run's tasks, so that no later run reuses its
   * outputs: the first step of deleting a run.
   *
   * @return how many entries went
   */
  int forgetCache(String runId);

  /**
   * Deletes a finished run (SUCCEEDED, SKIPPED, FAILED or CANCELED) with its tasks, attempts and
   * cache entries, in one transaction.
   *
   * @return false when there is no such run or it is not finished (then nothing is deleted)
   */
  boolean deleteFinished(String id);
}
