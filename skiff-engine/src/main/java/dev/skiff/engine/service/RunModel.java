package dev.skiff.engine.service;

import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunSnapshot;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskIndex;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.Transitions;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.PipelineSpec;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The live state of one run, owned by its engine thread. Every state change goes through the
 * transition tables ({@link Transitions}) and is reported to a {@link TransitionObserver}.
 */
public final class RunModel {

  /** Sees every state change (the coverage gate's hook). */
  public interface TransitionObserver {
    /** A run changed state. */
    default void run(RunState from, RunState to) {}

    /** A task changed state (a new task comes from PENDING). */
    default void task(TaskState from, TaskState to) {}

    /** Observes nothing. */
    TransitionObserver NONE = new TransitionObserver() {};
  }

  private final PipelineSpec spec;
  private final JsonValue.Obj platformSpec;
  private final Map<String, TaskRun> tasks = new HashMap<>();
  private final Map<String, TaskRun> readOnly = Collections.unmodifiableMap(tasks);
  private final TransitionObserver observer;
  private final TaskIndex index = new TaskIndex(readOnly);
  private RunRecord run;

  public RunModel(
      RunRecord run, PipelineSpec spec, Iterable<TaskRun> existing, TransitionObserver observer) {
    this(run, spec, JsonValue.struct(Map.of()), existing, observer);
  }

  /**
   * A model with the pipeline's platform settings ({@code {platforms: {kubernetes: ...}}}), of
   * which a local run uses what has a local meaning (see {@link
   * dev.skiff.engine.launch.KubernetesEnv}).
   */
  public RunModel(
      RunRecord run,
      PipelineSpec spec,
      JsonValue.Obj platformSpec,
      Iterable<TaskRun> existing,
      TransitionObserver observer) {
    this.run = run;
    this.spec = spec;
    this.platformSpec = platformSpec;
    this.observer = observer;
    existing.forEach(t -> tasks.put(t.path(), t));
  }

  /** A view for the scheduler; valid until the next change. */
  public RunSnapshot snapshot(Instant now) {
    return new RunSnapshot(run, spec, readOnly, now, index);
  }

  public RunRecord run() {
    return run;
  }

  public PipelineSpec spec() {
    return spec;
  }

  /** The platform settings document, raw ({@code {}} when the file had none). */
  public JsonValue.Obj platformSpec() {
    return platformSpec;
  }

  /** The task at {@code path}, or null. */
  public TaskRun task(String path) {
    return tasks.get(path);
  }

  /** Every task, read-only. */
  public Map<String, TaskRun> tasks() {
    return readOnly;
  }

  /**
   * Replaces the run record, checking its state change.
   *
   * @throws IllegalStateException when the table does not allow the change
   */
  public void setRun(RunRecord next) {
    if (next.state() != run.state()) {
      Transitions.RUN.check(run.state(), next.state(), run.id());
      observer.run(run.state(), next.state());
    }
    run = next;
  }

  /**
   * Stores a new or changed task, checking its state change (a new task starts as PENDING).
   *
   * @throws IllegalStateException when the table does not allow the change
   */
  public void put(TaskRun next) {
    TaskRun before = tasks.get(next.path());
    TaskState from = before == null ? TaskState.PENDING : before.state();
    if (from != next.state()) {
      Transitions.TASK.check(from, next.state(), next.path());
      observer.task(from, next.state());
    }
    tasks.put(next.path(), next);
    index.changed(before, next);
  }
}
