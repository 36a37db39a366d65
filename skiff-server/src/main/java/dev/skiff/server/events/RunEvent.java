package dev.skiff.server.events;

import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.TaskRun;

/** A change the engine told of, as queued for clients. */
public sealed interface RunEvent {
  /** The run it belongs to. */
  String runId();

  /** The run changed (state, times, error). */
  record RunChanged(RunRecord run) implements RunEvent {
    @Override
    public String runId() {
      return run.id();
    }
  }

  /** A task of the run was created or changed. */
  record TaskChanged(String runId, TaskRun task) implements RunEvent {}
}
