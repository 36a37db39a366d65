package dev.skiff.engine.drive;

import dev.skiff.engine.persist.RunCodec;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.store.Lease;
import dev.skiff.store.RunChanges;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoredAttempt;
import dev.skiff.store.StoredTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of one run's changes: everything the model changed since the last write goes to the
 * store in one transaction, fenced by this process's lease, and only then are listeners told.
 * Changes that could not be written stay pending and go with the next write, so a failed write
 * loses nothing and the store never sees half a round.
 */
final class ChangeWriter {
  private static final Logger log = LoggerFactory.getLogger(ChangeWriter.class);

  private final RunRepository repo;
  private final Supplier<Lease> lease;
  private final List<RunListener> listeners;
  private Optional<RunRecord> pendingRun = Optional.empty();
  private final Map<String, TaskRun> pendingTasks = new LinkedHashMap<>();
  private final Map<String, Map.Entry<String, Attempt>> pendingAttempts = new LinkedHashMap<>();
  private final Map<String, TaskRun> pendingTold = new LinkedHashMap<>();

  /** Rows the store already has (task paths, and {@code path#attempt}): updated, not inserted. */
  private final Set<String> stored = new HashSet<>();

  /**
   * @param existing the tasks the store holds for the run already (a run taken over)
   */
  ChangeWriter(
      RunRepository repo,
      Supplier<Lease> lease,
      List<RunListener> listeners,
      Iterable<TaskRun> existing) {
    this.repo = repo;
    this.lease = lease;
    this.listeners = listeners;
    for (TaskRun t : existing) {
      stored.add(t.path());
      t.attempts().forEach(a -> stored.add(t.path() + "#" + a.number()));
    }
  }

  /** Whether changes wait to be written. */
  boolean hasPending() {
    return pendingRun.isPresent() || !pendingTasks.isEmpty() || !pendingAttempts.isEmpty();
  }

  /** A task waiting to be written that is the cache's source for this fingerprint. */
  Optional<TaskRun> pendingCacheSource(String fingerprint) {
    for (TaskRun t : pendingTasks.values()) {
      if (t.offersCache(fingerprint)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Writes what changed in one transaction, then tells listeners.
   *
   * @throws dev.skiff.store.StoreException when the write failed; the changes stay pending
   */
  void write(RunModel model) {
    take(model.drainChanges());
    String runId = model.run().id();
    if (hasPending()) {
      List<StoredTask> newTasks = new ArrayList<>();
      List<StoredTask> changedTasks = new ArrayList<>();
      pendingTasks
          .values()
          .forEach(
              t ->
                  (stored.contains(t.path()) ? changedTasks : newTasks)
                      .add(RunCodec.toStored(runId, t)));
      List<StoredAttempt> newAttempts = new ArrayList<>();
      List<StoredAttempt> changedAttempts = new ArrayList<>();
      pendingAttempts.forEach(
          (key, e) ->
              (stored.contains(key) ? changedAttempts : newAttempts)
                  .add(RunCodec.toStored(runId, e.getKey(), e.getValue())));
      repo.saveChanges(
          runId,
          lease.get(),
          new RunChanges(
              pendingRun.map(r -> RunCodec.toStored(r, "")).orElse(null),
              newTasks,
              changedTasks,
              newAttempts,
              changedAttempts));
      stored.addAll(pendingTasks.keySet());
      stored.addAll(pendingAttempts.keySet());
    }
    Optional<RunRecord> run = pendingRun;
    List<TaskRun> told = List.copyOf(pendingTold.values());
    pendingRun = Optional.empty();
    pendingTasks.clear();
    pendingAttempts.clear();
    pendingTold.clear();
    told.forEach(t -> tell(runId, t));
    run.ifPresent(this::tell);
  }

  private void take(RunModel.Changes c) {
    if (c.run().isPresent()) {
      pendingRun = c.run();
    }
    c.tasks().forEach(t -> pendingTasks.put(t.path(), t));
    c.attempts().forEach(e -> pendingAttempts.put(e.getKey() + "#" + e.getValue().number(), e));
    c.told().forEach(t -> pendingTold.put(t.path(), t));
  }

  private void tell(String runId, TaskRun task) {
    for (RunListener l : listeners) {
      try {
        l.taskChanged(runId, task);
      } catch (RuntimeException e) {
        log.warn("A run listener failed: {}", e.toString());
      }
    }
  }

  private void tell(RunRecord run) {
    for (RunListener l : listeners) {
      try {
        l.runChanged(run);
      } catch (RuntimeException e) {
        log.warn("A run listener failed: {}", e.toString());
      }
    }
  }
}
