package dev.skiff.engine.executor;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs container steps: the one seam between the engine and where steps execute (local processes,
 * Kubernetes pods). Nothing above it knows which.
 *
 * <p>Contract: {@link #start} returns at once; the step may wait (e.g. for CPUs or GPUs to free up)
 * before it runs. The future completes exactly once, with a {@link StepResult}, never exceptionally
 * for anything the step itself did. The launch names inputs and outputs logically (parameter
 * values, artifact URIs); the executor decides where the step sees them (local paths, mounts) and
 * collects what the step wrote, storing output artifacts at their URIs, before the future
 * completes. It calls {@link StepListener#started} once the step runs, with a {@link StepHandle}
 * that the engine stores so that a later process can {@link #reclaim} the attempt.
 */
public interface StepExecutor extends AutoCloseable {

  /**
   * Starts (or queues) one attempt.
   *
   * @param launch what to run
   * @param listener told when the step has actually started
   * @return completes when the attempt ends
   */
  CompletableFuture<StepResult> start(StepLaunch launch, StepListener listener);

  /**
   * Takes back an attempt that a previous process started and did not see end (after a crash, a
   * {@code kill -9} or a takeover): re-attaches to it when it still runs and can be followed,
   * adopts its result when it finished and its outputs are there, or stops what is left of it and
   * answers {@link StepResult.Lost}.
   *
   * @param launch the attempt's launch, built again by the engine exactly as it was first built
   * @param handle what the executor reported when the attempt started; empty when it never did
   * @return completes with how the attempt ended
   */
  CompletableFuture<StepResult> reclaim(StepLaunch launch, Optional<StepHandle> handle);

  /**
   * Why no step asking for accelerators of {@code type} can ever run with this executor (checked
   * when a run is submitted, so that it is refused at once); empty when such steps can run, or when
   * the executor cannot tell before a step starts.
   *
   * @param type the IR's {@code accelerator.type}, e.g. {@code nvidia.com/gpu} or {@code
   *     NVIDIA_TESLA_T4}
   */
  default Optional<String> acceleratorRefusal(String type) {
    return Optional.empty();
  }

  /** Cancels the attempt if it is queued or running; no effect otherwise. */
  void cancel(StepId id);

  /** Where this executor's step logs are read from. */
  LogSource logs();

  /**
   * How many attempts one run should have handed over and not yet ended: more ready steps wait in
   * the engine, where each costs a few bytes, instead of as prepared launches in the executor's
   * queue (a 100,000-step fan-out would otherwise queue 100,000 launches at once).
   */
  default int launchWindow() {
    return Integer.MAX_VALUE;
  }

  /**
   * The files this executor keeps for runs (step logs and the like), which retention and run
   * deletion remove; {@link RunFiles#NONE} for an executor that keeps none.
   */
  default RunFiles runFiles() {
    return RunFiles.NONE;
  }

  /** Stops every step still running and releases resources. */
  @Override
  void close();

  /** Callbacks from a running step, on an executor thread. */
  interface StepListener {
    /**
     * The step started.
     *
     * @param handle the executor's name for it, kept so that a later process can reclaim it
     * @param runtime what runs it, for people: {@code container} for a command run as compiled,
     *     else e.g. {@code skiff-python-runtime 2.15.2+skiff.1.0.0} or {@code host kfp 2.9.0}
     */
    void started(StepHandle handle, String runtime);

    /**
     * The step was handed over but does not run yet, for a reason people should see on its task (a
     * pod that cannot be scheduled, an image that cannot be pulled); {@code null} once it runs. The
     * attempt keeps waiting: only the result ends it.
     *
     * @param reason the platform's own words, e.g. {@code Unschedulable: 0/3 nodes are available: 3
     *     Insufficient nvidia.com/gpu}
     */
    default void waiting(String reason) {}

    /** A listener that ignores everything. */
    StepListener NONE = (handle, runtime) -> {};
  }
}
