package dev.skiff.engine.drive;

import dev.skiff.engine.cache.CacheKeys;
import dev.skiff.engine.executor.StepHandle;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepLaunch;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.launch.Importer;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.launch.PlatformInputs;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskPaths;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.engine.schedule.Action;
import dev.skiff.engine.schedule.Definitions;
import dev.skiff.engine.schedule.InputResolver;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ContainerSpec;
import dev.skiff.pipeline.model.ExecutorSpec;
import dev.skiff.pipeline.model.ImporterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the scheduler's actions and the executor's events to a run's {@link RunModel}: the one
 * place where run, task and attempt state changes are made, used by the {@link RunDriver} and by
 * the scheduler's simulation tests alike. It does no I/O of its own: a cache lookup goes through
 * {@link Lookups}, and what must happen outside the model (start or cancel a step) comes back as
 * {@link Effect}s for the caller to carry out once the change is stored.
 */
public final class ActionApplier {

  /** The reads the applier needs beyond the model. */
  @FunctionalInterface
  public interface Lookups {
    /** The outputs of an earlier success with this fingerprint in the run's cache scope. */
    Optional<TaskValues> cached(RunRecord run, String fingerprint);

    /** No cache at all. */
    Lookups NO_CACHE = (run, fingerprint) -> Optional.empty();
  }

  /** Something to do outside the model once the change that asks for it is stored. */
  public sealed interface Effect {
    /** Hand this attempt to the executor. */
    record Start(StepLaunch launch) implements Effect {}

    /** Cancel this attempt. */
    record Cancel(StepId id) implements Effect {}
  }

  private final CacheKeys cacheKeys;
  private final LaunchBuilder launches;
  private final Lookups lookups;

  /**
   * An applier.
   *
   * @param cacheKeys the fingerprint function
   * @param launches builds an attempt's launch
   * @param lookups the cache lookup
   */
  public ActionApplier(CacheKeys cacheKeys, LaunchBuilder launches, Lookups lookups) {
    this.cacheKeys = cacheKeys;
    this.launches = launches;
    this.lookups = lookups;
  }

  /**
   * Applies one scheduler action.
   *
   * @return what to do once the change is stored (empty for most actions)
   */
  public List<Effect> apply(RunModel model, Action action, Instant now) {
    switch (action) {
      case Action.StartRun s -> model.setRun(model.run().withState(RunState.RUNNING, null, now));
      case Action.FinishRun f -> model.setRun(model.run().withState(f.state(), f.error(), now));
      case Action.Skip s ->
          model.put(
              TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now)
                  .with(TaskValues.EMPTY, Optional.empty(), false, s.reason())
                  .withState(TaskState.SKIPPED, now));
      case Action.FailPending f ->
          failNew(model, f.path(), f.kind(), f.displayName(), f.inputs(), f.error(), now);
      case Action.StartDag s ->
          model.put(
              TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now)
                  .withState(TaskState.RUNNING, now));
      case Action.StartStep s -> startStep(model, s, now);
      case Action.Launch l -> {
        return launch(model, l.path(), l.attempt(), now);
      }
      case Action.Finish f -> {
        TaskRun t = model.task(f.path());
        model.put(
            t.with(f.outputs(), t.fingerprint(), t.cached(), f.error()).withState(f.state(), now));
      }
      case Action.CancelStep c -> {
        TaskRun t = model.task(c.path());
        model.put(t.withState(TaskState.CANCELING, now));
        return List.of(new Effect.Cancel(new StepId(model.run().id(), c.path(), c.attempt())));
      }
    }
    return List.of();
  }

  /** Whether this attempt is the live one of its task (not ended, not superseded). */
  public boolean isLive(RunModel model, StepId id) {
    return live(model, id).isPresent();
  }

  /** A cancel of the run was asked for: it goes CANCELING (or CANCELED before it started). */
  public void cancelRun(RunModel model, Instant now) {
    RunRecord r = model.run();
    if (r.state() == RunState.PENDING) {
      model.setRun(r.withState(RunState.CANCELED, null, now));
    } else if (r.state() == RunState.RUNNING) {
      model.setRun(r.withState(RunState.CANCELING, null, now));
    }
  }

  /**
   * The run cannot go on (an error inside the engine): it ends FAILED (CANCELED when it was
   * canceling or never started) with {@code why}, and its running attempts are canceled.
   */
  public List<Effect> abort(RunModel model, String why, Instant now) {
    List<Effect> effects = new ArrayList<>();
    for (TaskRun t : model.tasks().values()) {
      t.activeAttempt()
          .ifPresent(
              a ->
                  effects.add(
                      new Effect.Cancel(new StepId(model.run().id(), t.path(), a.number()))));
    }
    RunRecord r = model.run();
    RunState end =
        switch (r.state()) {
          case PENDING, CANCELING -> RunState.CANCELED;
          case RUNNING -> RunState.FAILED;
          default -> r.state();
        };
    if (end != r.state()) {
      model.setRun(r.withState(end, why, now));
    }
    return effects;
  }

  /** The executor started an attempt: its handle and runtime are recorded. */
  public void started(RunModel model, StepId id, StepHandle handle, String runtime) {
    Optional<Attempt> a = live(model, id);
    if (a.isPresent()) {
      model.putAttempt(id.taskPath(), a.get().withHandle(handle.value()).withRuntime(runtime));
    }
  }

  /**
   * A live attempt waits before it goes to the executor: {@code why} is shown on its task until it
   * goes ({@link #handedOver}). Nothing changes when it already says so.
   */
  public void waiting(RunModel model, StepId id, String why) {
    Optional<Attempt> a = live(model, id);
    if (a.isPresent() && !a.get().message().equals(Optional.of(why))) {
      model.putAttempt(id.taskPath(), a.get().waiting(why));
    }
  }

  /**
   * The executor says a handed-over attempt does not run yet and why ({@code null}: it runs now).
   * The reason shows on the task; the attempt's start is not changed.
   */
  public void executorWaiting(RunModel model, StepId id, String why) {
    Optional<Attempt> a = live(model, id);
    if (a.isEmpty()) {
      return;
    }
    Optional<String> message = Optional.ofNullable(why);
    if (!a.get().message().equals(message)) {
      model.putAttempt(id.taskPath(), a.get().withMessage(message));
    }
  }

  /**
   * A live attempt that waited goes to the executor now: its reason to wait is cleared and its
   * start is now. Nothing changes for an attempt that never waited.
   */
  public void handedOver(RunModel model, StepId id, Instant now) {
    Optional<Attempt> a = live(model, id);
    if (a.isPresent() && a.get().message().isPresent()) {
      model.putAttempt(id.taskPath(), a.get().handedOver(now));
    }
  }

  /** An attempt ended; a late result of an attempt that is no longer live is ignored. */
  public void ended(RunModel model, StepId id, StepResult result, Instant now) {
    Optional<Attempt> live = live(model, id);
    if (live.isEmpty()) {
      return;
    }
    TaskRun t = model.task(id.taskPath());
    Attempt a = live.get();
    switch (result) {
      case StepResult.Succeeded s -> {
        Attempt ended = a.ended(AttemptState.SUCCEEDED, 0, null, now);
        TaskValues outputs = new TaskValues(s.outputParameters(), s.outputArtifacts());
        model.put(
            t.withAttempt(ended)
                .with(outputs, t.fingerprint(), false, null)
                .withState(TaskState.SUCCEEDED, now));
      }
      case StepResult.Failed f -> {
        Attempt ended = a.ended(AttemptState.FAILED, f.exitCode(), f.message(), now);
        TaskRun next = t.withAttempt(ended);
        if (t.state() == TaskState.CANCELING) {
          next =
              next.with(TaskValues.EMPTY, t.fingerprint(), false, f.message())
                  .withState(TaskState.FAILED, now);
        }
        // While RUNNING the scheduler decides between a retry and FAILED.
        model.put(next);
      }
      case StepResult.Canceled c -> {
        Attempt ended = a.ended(AttemptState.CANCELED, null, "canceled", now);
        model.put(t.withAttempt(ended).withState(TaskState.CANCELED, now));
      }
      case StepResult.Unschedulable u -> {
        Attempt ended = a.ended(AttemptState.FAILED, null, u.message(), now);
        model.put(
            t.withAttempt(ended)
                .with(TaskValues.EMPTY, t.fingerprint(), false, u.message())
                .withState(TaskState.FAILED, now));
      }
      case StepResult.Lost l -> {
        Attempt ended = a.ended(AttemptState.LOST, null, l.message(), now);
        TaskRun next = t.withAttempt(ended);
        // A new attempt follows (it does not count as a retry), unless the run is canceling.
        if (t.state() == TaskState.CANCELING) {
          next = next.withState(TaskState.CANCELED, now);
        }
        model.put(next);
      }
    }
  }

  /**
   * The launch of an attempt the model holds, built again exactly as when it was started (for
   * {@link dev.skiff.engine.executor.StepExecutor#reclaim}).
   *
   * @throws LaunchBuilder.LaunchException when it cannot be built
   */
  public StepLaunch launchOf(RunModel model, String path, int attempt)
      throws LaunchBuilder.LaunchException {
    TaskRun t = model.task(path);
    RunRecord run = model.run();
    Definitions.Located def = Definitions.locate(model.spec(), path).orElseThrow();
    ContainerSpec container =
        (ContainerSpec) model.spec().executorOf(def.component()).orElseThrow();
    return launches.build(
        new StepId(run.id(), path, attempt),
        run.options().profile(),
        def.component(),
        container,
        t.inputs(),
        InputResolver.runInfo(run, path, def.task()),
        // a cluster executor needs secret, PVC and selector names resolved in the task's DAG
        PlatformInputs.resolve(
            model.platformSpec(),
            def.component().executorLabel().orElse(""),
            platformScope(model, path)),
        run.resourceName() + "-" + Math.abs(path.hashCode()),
        launches.rootFor(run, model.spec()));
  }

  /** The DAG instance of the task at {@code path}: its inputs and its siblings' outputs. */
  private static PlatformInputs.Scope platformScope(RunModel model, String path) {
    String dag = TaskPaths.parent(path);
    return new PlatformInputs.Scope() {
      @Override
      public Optional<JsonValue> dagInput(String name) {
        Map<String, JsonValue> inputs =
            dag.isEmpty()
                ? model.run().parameters()
                : Optional.ofNullable(model.task(dag))
                    .map(t -> t.inputs().parameters())
                    .orElse(Map.of());
        return Optional.ofNullable(inputs.get(name));
      }

      @Override
      public Optional<JsonValue> taskOutput(String producerTask, String key) {
        return Optional.ofNullable(model.task(TaskPaths.child(dag, producerTask)))
            .map(t -> t.outputs().parameters().get(key));
      }
    };
  }

  private List<Effect> launch(RunModel model, String path, int attempt, Instant now) {
    TaskRun t = model.task(path);
    StepLaunch launch;
    try {
      launch = launchOf(model, path, attempt);
    } catch (LaunchBuilder.LaunchException e) {
      model.put(
          t.with(TaskValues.EMPTY, t.fingerprint(), false, e.getMessage())
              .withState(TaskState.FAILED, now));
      return List.of();
    }
    model.put(t.withAttempt(Attempt.started(attempt, now)));
    return List.of(new Effect.Start(launch));
  }

  private void startStep(RunModel model, Action.StartStep s, Instant now) {
    Definitions.Located def = Definitions.locate(model.spec(), s.path()).orElseThrow();
    ExecutorSpec executor = model.spec().executorOf(def.component()).orElse(null);
    TaskRun pending = TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now);
    if (executor instanceof ImporterSpec importer) {
      try {
        TaskValues outputs = Importer.run(importer, s.inputs(), launches.artifacts());
        model.put(
            pending
                .with(outputs, Optional.empty(), false, null)
                .withState(TaskState.SUCCEEDED, now));
      } catch (Importer.ImportException e) {
        failNew(model, s.path(), s.kind(), s.displayName(), s.inputs(), e.getMessage(), now);
      }
      return;
    }
    if (!(executor instanceof ContainerSpec container)) {
      failNew(
          model,
          s.path(),
          s.kind(),
          s.displayName(),
          s.inputs(),
          (executor == null ? "no executor" : executor.getClass().getSimpleName())
              + " cannot run in Skiff",
          now);
      return;
    }
    RunRecord run = model.run();
    Optional<String> fingerprint = Optional.empty();
    if (run.options().cacheEnabled() && def.task().cachingOptions().enableCache()) {
      fingerprint =
          Optional.of(cacheKeys.fingerprint(def.task(), def.component(), container, s.inputs()));
      Optional<TaskValues> hit = lookups.cached(run, fingerprint.get());
      if (hit.isPresent()) {
        model.put(
            pending.with(hit.get(), fingerprint, true, null).withState(TaskState.SUCCEEDED, now));
        return;
      }
    }
    // RUNNING with no attempt: the scheduler launches attempt 1 next round.
    model.put(
        pending.with(TaskValues.EMPTY, fingerprint, false, null).withState(TaskState.RUNNING, now));
  }

  private static void failNew(
      RunModel model,
      String path,
      TaskKind kind,
      String name,
      TaskValues inputs,
      String error,
      Instant now) {
    model.put(
        TaskRun.pending(path, kind, name, inputs, now)
            .with(TaskValues.EMPTY, Optional.empty(), false, error)
            .withState(TaskState.FAILED, now));
  }

  /** The live attempt of this number (attempt numbers reject late results). */
  private static Optional<Attempt> live(RunModel model, StepId id) {
    TaskRun t = model.task(id.taskPath());
    if (t == null) {
      return Optional.empty();
    }
    return t.activeAttempt().filter(a -> a.number() == id.attempt());
  }
}
