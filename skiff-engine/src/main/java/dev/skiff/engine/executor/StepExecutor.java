package dev.skiff.engine.executor;

import java.util.concurrent.CompletableFuture;

/**
 * Runs container steps: the one seam between the engine and where steps execute (local processes
 * today, Kubernetes pods later).
 *
 * <p>Contract: {@link #start} returns at once; the step may wait (e.g. for CPUs or GPUs to free up)
 * before it runs. The future completes exactly once, with a {@link StepResult}, never exceptionally
 * for anything the step itself did. Outputs are collected by the executor before the future
 * completes: for a local executor the step writes them to the local paths named in the launch's
 * ExecutorInput; a remote executor must bring them back to those URIs. {@link #cancel} kills the
 * step (the whole process group) and completes its future with {@link StepResult.Canceled}.
 */
public interface StepExecutor extends AutoCloseable {

  /**
   * Starts (or queues) one attempt.
   *
   * @param launch what to run
   * @param listener told when the step's process has actually started
   * @return completes when the attempt ends
   */
  CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener);

  /**
   * How many attempts one run should have handed over and not yet ended: more ready steps wait in
   * the engine, where each costs a few bytes, instead of as prepared launches in the executor's
   * queue (a 100,000-step fan-out would otherwise queue 100,000 launches at once).
   */
  default int launchWindow() {
    return Integer.MAX_VALUE;
  }

  /** Cancels the attempt if it is queued or running; no effect otherwise. */
  void cancel(StepId id);

  /** Kills every step still running and releases resources. */
  @Override
  void close();

  /** Callbacks from a running step, on an executor thread. */
  interface StepListener {
    /**
     * The process started.
     *
     * @param pid its process id (also its process-group id), so a restarted engine can kill what a
     *     crashed one left running
     */
    void started(long pid);

    /** A listener that ignores everything. */
    StepListener NONE = pid -> {};
  }
}
