package dev.skiff.engine.drive;

import dev.skiff.store.Lease;
import dev.skiff.store.RunChanges;
import dev.skiff.store.RunOwner;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoredAttempt;
import dev.skiff.store.StoredRun;
import dev.skiff.store.StoredTask;
import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A real repository whose driver writes fail when a test says so: every {@link #saveChanges} asks
 * {@code failure} first and throws what it returns (nothing is written then), else writes. A test
 * may also hold the intake's read of lapsed leases ({@link #beforeLapsedRead}).
 */
final class FailingRunRepository implements RunRepository {
  private final RunRepository real;
  private volatile Supplier<RuntimeException> failure = () -> null;
  private volatile Runnable beforeLapsedRead = () -> {};

  FailingRunRepository(RunRepository real) {
    this.real = real;
  }

  /** What runs (in the reading thread) before each read of the runs whose lease lapsed. */
  void beforeLapsedRead(Runnable r) {
    this.beforeLapsedRead = r;
  }

  /** What the next writes throw (null: write). */
  void failWith(Supplier<RuntimeException> f) {
    this.failure = f;
  }

  @Override
  public void saveChanges(
      String runId,
      Lease lease,
      StoredRun runOrNull,
      List<StoredTask> tasks,
      List<StoredAttempt> attempts) {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
    real.saveChanges(runId, lease, runOrNull, tasks, attempts);
  }

  @Override
  public void saveChanges(String runId, Lease lease, RunChanges changes) {
    RuntimeException e = failure.get();
    if (e != null) {
      throw e;
    }
    real.saveChanges(runId, lease, changes);
  }

  @Override
  public Page<StoredRun> list(Scope scope, ListQuery query) {
    return real.list(scope, query);
  }

  @Override
  public boolean setStorageState(String runId, String storageState) {
    return real.setStorageState(runId, storageState);
  }

  @Override
  public boolean reopen(
      StoredRun run,
      String fromState,
      Lease lease,
      List<StoredTask> reset,
      List<String> forgotten) {
    return real.reopen(run, fromState, lease, reset, forgotten);
  }

  @Override
  public void createAll(List<StoredRun> runs, List<StoredTask> tasks) {
    real.createAll(runs, tasks);
  }

  @Override
  public void create(StoredRun run, Lease leaseOrNull) {
    real.create(run, leaseOrNull);
  }

  @Override
  public void updateRun(StoredRun run) {
    real.updateRun(run);
  }

  @Override
  public Optional<StoredRun> find(String id) {
    return real.find(id);
  }

  @Override
  public List<StoredRun> list(String profile, int limit) {
    return real.list(profile, limit);
  }

  @Override
  public long count(String profile) {
    return real.count(profile);
  }

  @Override
  public List<String> unfinished() {
    return real.unfinished();
  }

  @Override
  public List<StoredTask> tasks(String runId) {
    return real.tasks(runId);
  }

  @Override
  public List<StoredAttempt> attempts(String runId) {
    return real.attempts(runId);
  }

  @Override
  public List<RunOwner> unfinishedOwners(int limit) {
    return real.unfinishedOwners(limit);
  }

  @Override
  public List<RunOwner> lapsed(java.time.Instant now, int limit) {
    beforeLapsedRead.run();
    return real.lapsed(now, limit);
  }

  @Override
  public List<String> owners(String prefix, String except) {
    return real.owners(prefix, except);
  }

  @Override
  public List<RunOwner> heldBy(String owner, int limit) {
    return real.heldBy(owner, limit);
  }

  @Override
  public List<RunOwner> waiting(int limit) {
    return real.waiting(limit);
  }

  @Override
  public long countWaiting() {
    return real.countWaiting();
  }

  @Override
  public Optional<RunOwner> owner(String runId) {
    return real.owner(runId);
  }

  @Override
  public boolean claim(RunOwner seen, Lease lease) {
    return real.claim(seen, lease);
  }

  @Override
  public int renew(Lease lease) {
    return real.renew(lease);
  }

  @Override
  public void release(String runId, String owner) {
    real.release(runId, owner);
  }

  @Override
  public boolean requestCancel(String runId) {
    return real.requestCancel(runId);
  }

  @Override
  public List<String> cancelRequests(String owner) {
    return real.cancelRequests(owner);
  }

  @Override
  public Optional<StoredTask> findCached(String profile, String pipelineName, String fingerprint) {
    return real.findCached(profile, pipelineName, fingerprint);
  }

  @Override
  public boolean delete(String id) {
    return real.delete(id);
  }

  @Override
  public java.util.Map<String, java.util.Set<String>> reusers(java.util.Collection<String> runIds) {
    return real.reusers(runIds);
  }

  @Override
  public int forgetCache(String runId) {
    return real.forgetCache(runId);
  }

  @Override
  public boolean deleteFinished(String id) {
    return real.deleteFinished(id);
  }
}
