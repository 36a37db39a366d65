package dev.skiff.engine.schedule;

import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;

/** One thing the scheduler wants done; the engine applies it (and persists the result). */
public sealed interface Action {

  /** Move the run from PENDING to RUNNING. */
  record StartRun() implements Action {}

  /** The root DAG is done: the run ends in {@code state}. */
  record FinishRun(RunState state, String error) implements Action {}

  /** A pending task does not run: its condition was false or an upstream task was skipped. */
  record Skip(String path, TaskKind kind, String displayName, TaskValues inputs, String reason)
      implements Action {}

  /** A pending task fails before it starts (an input could not be resolved, bad condition). */
  record FailPending(
      String path, TaskKind kind, String displayName, TaskValues inputs, String error)
      implements Action {}

  /** A DAG, loop or iteration starts with these inputs; its children are decided next round. */
  record StartDag(String path, TaskKind kind, String displayName, TaskValues inputs)
      implements Action {}

  /**
   * A container step or importer starts with these inputs. The engine looks up the cache and then
   * launches attempt 1, or imports.
   */
  record StartStep(String path, TaskKind kind, String displayName, TaskValues inputs)
      implements Action {}

  /** A running container step has no live attempt and its backoff has passed: launch the next. */
  record Launch(String path, int attempt) implements Action {}

  /**
   * An active DAG, loop or iteration (or a container step waiting to retry during a cancel) ends.
   */
  record Finish(String path, TaskState state, TaskValues outputs, String error) implements Action {}

  /** The run is canceling: kill this attempt's process group. */
  record CancelStep(String path, int attempt) implements Action {}
}
