package dev.skiff.engine.drive;

import dev.skiff.engine.ownership.RunLeases;
import dev.skiff.engine.persist.RunCodec;
import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.ParseLimits;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.store.Lease;
import dev.skiff.store.RunOwner;
import dev.skiff.store.RunRepository;
import dev.skiff.store.StoredRun;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a run stored by any process comes to be driven here: claimed through the store's
 * compare-and-set on the ownership that was seen, loaded (its pipeline parsed again, its tasks and
 * attempts read), and handed to a new driver. A run that waits for its first driver can also be
 * canceled without driving it.
 */
final class RunTakeover {
  private static final Logger log = LoggerFactory.getLogger(RunTakeover.class);

  /** Runs resumed from the store were accepted once: parse them whatever the limit is now. */
  private static final ParseLimits STORED = ParseLimits.ofMaxBytes(Long.MAX_VALUE);

  private final RunRepository repo;
  private final RunLeases leases;
  private final EngineConfig config;
  private final List<RunListener> listeners;
  private final Function<RunModel, RunDriver> start;
  private final BooleanSupplier closed;

  /**
   * @param start starts a driver for a loaded run (in a slot the caller took)
   * @param closed whether the service is closing (then nothing new is driven)
   */
  RunTakeover(
      RunRepository repo,
      RunLeases leases,
      EngineConfig config,
      List<RunListener> listeners,
      Function<RunModel, RunDriver> start,
      BooleanSupplier closed) {
    this.repo = repo;
    this.leases = leases;
    this.config = config;
    this.listeners = listeners;
    this.start = start;
    this.closed = closed;
  }

  /** Claims a run and drives it; false when another process got it first or it cannot resume. */
  boolean claimAndDrive(RunOwner seen) {
    if (closed.getAsBoolean() || !repo.claim(seen, leases.current())) {
      return false;
    }
    return drive(
        seen.runId(), seen.cancelRequested(), seen.owner() == null ? "nobody" : seen.owner());
  }

  /**
   * Loads a run this process holds and starts its driver.
   *
   * @param from who drove it before, for the log
   * @return false when it cannot be driven (then it is failed, or gone)
   */
  boolean drive(String id, boolean cancelRequested, String from) {
    if (closed.getAsBoolean()) {
      return false;
    }
    StoredRun stored = repo.find(id).orElse(null);
    if (stored == null) {
      return false;
    }
    RunRecord run = RunCodec.fromStored(stored);
    Pipeline pipeline;
    try {
      pipeline = PipelineParser.parse(stored.spec(), "run " + id, STORED);
    } catch (PipelineException e) {
      RunRecord failed =
          run.withState(
              run.state() == RunState.RUNNING ? RunState.FAILED : RunState.CANCELED,
              "cannot resume: " + e.getMessage(),
              config.clock().instant());
      repo.saveChanges(id, leases.current(), RunCodec.toStored(failed, ""), List.of(), List.of());
      return false;
    }
    List<TaskRun> tasks = RunCodec.fromStored(repo.tasks(id), repo.attempts(id));
    if (run.state() != RunState.PENDING || !tasks.isEmpty()) {
      log.info("Taking over run {} from {} ({} tasks recorded)", id, from, tasks.size());
    }
    RunDriver d =
        start.apply(
            new RunModel(run, pipeline.spec(), pipeline.platformSpec(), tasks, config.observer()));
    if (cancelRequested) {
      d.cancel();
    }
    return true;
  }

  /**
   * Cancels a run that waits for its first driver without driving it: it has no steps, so it ends
   * CANCELED at once.
   *
   * @return false when another process claimed it first (that one sees the cancel request)
   */
  boolean cancelWaiting(RunOwner seen) {
    Lease lease = leases.current();
    if (!repo.claim(seen, lease)) {
      return false;
    }
    StoredRun stored = repo.find(seen.runId()).orElse(null);
    if (stored == null) {
      return false;
    }
    RunRecord canceled =
        RunCodec.fromStored(stored).withState(RunState.CANCELED, null, config.clock().instant());
    repo.saveChanges(seen.runId(), lease, RunCodec.toStored(canceled, ""), List.of(), List.of());
    for (RunListener l : listeners) {
      try {
        l.runChanged(canceled);
      } catch (RuntimeException e) {
        log.warn("A run listener failed: {}", e.toString());
      }
    }
    return true;
  }
}
