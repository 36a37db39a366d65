package dev.skiff.engine.run;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.PipelineSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live state of one run, owned by its engine thread. Every state change goes through the
 * transition tables ({@link Transitions}) and is reported to a {@link TransitionObserver}. The
 * model remembers what changed since the last {@link #drainChanges()}, which is what gets stored.
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
  private final Set<String> changedTasks = new LinkedHashSet<>();
  private final Map<String, Attempt> changedAttempts = new LinkedHashMap<>();
  private final Set<String> toldTasks = new LinkedHashSet<>();
  private boolean runChanged;
  private boolean urgent;
  private RunRecord run;

  /**
   * What changed since the last drain.
   *
   * @param run the run record, when it changed
   * @param tasks task rows to write
   * @param attempts attempt rows to write, with their task paths
   * @param told tasks whose changes listeners have not heard of yet (a superset of {@code tasks})
   */
  public record Changes(
      Optional<RunRecord> run,
      List<TaskRun> tasks,
      List<Map.Entry<String, Attempt>> attempts,
      List<TaskRun> told) {
    /** Whether nothing changed. */
    public boolean isEmpty() {
      return run.isEmpty() && tasks.isEmpty() && attempts.isEmpty() && told.isEmpty();
    }
  }

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
    runChanged = true;
    urgent = true;
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
    changedTasks.add(next.path());
    toldTasks.add(next.path());
    urgent = true;
    Optional<Attempt> last = next.lastAttempt();
    if (last.isPresent() && (before == null || !last.equals(before.lastAttempt()))) {
      changedAttempts.put(next.path() + "#" + last.get().number(), last.get());
    }
  }

  /**
   * Replaces the newest attempt of a task when only the attempt changed (it started, its handle is
   * known): the task's own row need not be written again, and the change is not {@linkplain
   * #hasUrgentChanges() urgent}.
   */
  public void putAttempt(String path, Attempt attempt) {
    TaskRun before = tasks.get(path);
    TaskRun next = before.withAttempt(attempt);
    tasks.put(path, next);
    index.changed(before, next);
    changedAttempts.put(path + "#" + attempt.number(), attempt);
    toldTasks.add(path);
  }

  /**
   * A task changed since the last drain that ran, succeeded and so is (once written) the cache's
   * source for this fingerprint; tasks that were themselves cache hits are not, as they change no
   * cache entry.
   */
  public Optional<TaskRun> changedCacheSource(String fingerprint) {
    for (String path : changedTasks) {
      TaskRun t = tasks.get(path);
      if (t.offersCache(fingerprint)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether something changed that must be stored before the run goes on: a run or task state
   * (anything but an attempt's handle and runtime, which may wait a little and go with the next
   * write).
   */
  public boolean hasUrgentChanges() {
    return urgent;
  }

  /** Whether anything changed since the last drain. */
  public boolean hasChanges() {
    return runChanged
        || !changedTasks.isEmpty()
        || !changedAttempts.isEmpty()
        || !toldTasks.isEmpty();
  }

  /** What changed since the last call, and forgets it. */
  public Changes drainChanges() {
    if (!runChanged && changedTasks.isEmpty() && changedAttempts.isEmpty() && toldTasks.isEmpty()) {
      return new Changes(Optional.empty(), List.of(), List.of(), List.of());
    }
    List<TaskRun> changed = new ArrayList<>(changedTasks.size());
    changedTasks.forEach(p -> changed.add(tasks.get(p)));
    List<Map.Entry<String, Attempt>> attempts = new ArrayList<>(changedAttempts.size());
    changedAttempts.forEach(
        (key, a) -> attempts.add(Map.entry(key.substring(0, key.lastIndexOf('#')), a)));
    List<TaskRun> told = new ArrayList<>(toldTasks.size());
    toldTasks.forEach(p -> told.add(tasks.get(p)));
    Changes c =
        new Changes(runChanged ? Optional.of(run) : Optional.empty(), changed, attempts, told);
    runChanged = false;
    urgent = false;
    changedTasks.clear();
    changedAttempts.clear();
    toldTasks.clear();
    return c;
  }
}
