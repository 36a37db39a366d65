package dev.skiff.engine.schedule;

import dev.skiff.engine.cache.KfpCacheKeys;
import dev.skiff.engine.drive.ActionApplier;
import dev.skiff.engine.executor.StepId;
import dev.skiff.engine.executor.StepResult;
import dev.skiff.engine.launch.LaunchBuilder;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.RunModel;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunRetry;
import dev.skiff.engine.run.RunSnapshot;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskIndex;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Drives the pure scheduler over a fixture with no I/O, applying its actions with the engine's own
 * {@link ActionApplier} (so the transition coverage measures the code that runs): container steps
 * "end" as a script says (outputs, or a failure), time jumps to each wake-up. Records every action
 * and effect, for assertions.
 */
final class Sim {
  RunModel model;
  private final RunModel.TransitionObserver observer;
  final RunScheduler scheduler = new RunScheduler();
  final List<Action> actions = new ArrayList<>();

  /** What the applier asked to be done outside the model (starts and cancels of steps). */
  final List<ActionApplier.Effect> effects = new ArrayList<>();

  /** The engine's own applier, with no cache and artifacts named under a folder never written. */
  final ActionApplier applier =
      new ActionApplier(
          new KfpCacheKeys(),
          new LaunchBuilder(new LocalArtifactStore(Path.of("/nonexistent/sim/artifacts"))),
          ActionApplier.Lookups.NO_CACHE);

  /** Per task path: the outputs a successful step produces. */
  final Map<String, Map<String, JsonValue>> outputs = new LinkedHashMap<>();

  /** Per task path: how many attempts fail before one succeeds (Integer.MAX_VALUE = always). */
  final Map<String, Integer> failures = new LinkedHashMap<>();

  /** Paths whose steps keep running until canceled. */
  final List<String> hang = new ArrayList<>();

  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  int maxConcurrent;

  /** Task-map reads of the indexed decisions so far. */
  long lookups;

  Sim(String fixture, Map<String, JsonValue> params, RunModel.TransitionObserver observer)
      throws Exception {
    String text;
    try (InputStream in = Sim.class.getResourceAsStream("/pipelines/" + fixture)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Pipeline p = PipelineParser.parse(text, fixture);
    Map<String, JsonValue> bound =
        ParameterValues.bindPipelineParameters(p.spec().root().inputDefinitions(), params);
    RunRecord run =
        new RunRecord(
            "run-1",
            p.name(),
            p.name(),
            RunOptions.DEFAULT,
            bound,
            RunState.PENDING,
            Optional.empty(),
            now,
            Optional.empty(),
            Optional.empty());
    model = new RunModel(run, p.spec(), List.of(), observer);
    this.observer = observer;
  }

  /**
   * Retries the finished run as the engine's {@code RunService.retry} does: a model of the tasks
   * the plan keeps, with the plan applied through it (so the transition tables check it).
   */
  RunRetry.Plan retry() {
    RunRetry.Plan plan = RunRetry.plan(model.run(), model.tasks().values(), now);
    List<TaskRun> kept =
        model.tasks().values().stream().filter(t -> !plan.forgotten().contains(t.path())).toList();
    model = new RunModel(model.run(), model.spec(), kept, observer);
    RunRetry.apply(model, plan);
    return plan;
  }

  Sim output(String path, String name, JsonValue value) {
    outputs.computeIfAbsent(path, k -> new LinkedHashMap<>()).put(name, value);
    return this;
  }

  /** Decides and applies until nothing changes; returns false if steps are still running. */
  boolean settle() {
    for (int guard = 0; guard < 10_000; guard++) {
      Decision d = decide();
      if (d.isEmpty()) {
        return true;
      }
      d.actions().forEach(this::apply);
    }
    throw new AssertionError("no fixpoint");
  }

  /**
   * Decides with the model's index, checking that the full walk of every task (no index) and a
   * freshly built index (as after a restart) decide exactly the same: the index may only skip tasks
   * and iterations the walk would do nothing with. Counts the task-map reads of the indexed
   * decision in {@link #lookups}.
   */
  Decision decide() {
    RunSnapshot live = model.snapshot(now);
    CountingTasks counted = new CountingTasks(live.tasks());
    Decision d =
        scheduler.decide(new RunSnapshot(live.run(), live.spec(), counted, now, live.index()));
    lookups += counted.reads;
    Decision full =
        new RunScheduler().decide(new RunSnapshot(live.run(), live.spec(), live.tasks(), now));
    if (!d.equals(full)) {
      throw new AssertionError("indexed decision " + d + " differs from the full walk " + full);
    }
    Decision fresh =
        new RunScheduler()
            .decide(
                new RunSnapshot(
                    live.run(), live.spec(), live.tasks(), now, new TaskIndex(live.tasks())));
    if (!fresh.equals(full)) {
      throw new AssertionError(
          "a freshly built index decides " + fresh + ", the full walk " + full);
    }
    return d;
  }

  /** A view of the task map that counts the scheduler's reads. */
  private static final class CountingTasks extends AbstractMap<String, TaskRun> {
    private final Map<String, TaskRun> tasks;
    long reads;

    CountingTasks(Map<String, TaskRun> tasks) {
      this.tasks = tasks;
    }

    @Override
    public TaskRun get(Object key) {
      reads++;
      return tasks.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      reads++;
      return tasks.containsKey(key);
    }

    @Override
    public int size() {
      return tasks.size();
    }

    @Override
    public Set<Entry<String, TaskRun>> entrySet() {
      reads += tasks.size();
      return tasks.entrySet();
    }
  }

  /** Runs to the end: ends running steps (one round at a time) and follows wake-ups. */
  RunState run() {
    for (int round = 0; round < 1000 && !model.run().state().isTerminal(); round++) {
      settle();
      Decision d = decide();
      List<TaskRun> live =
          model.tasks().values().stream()
              .filter(t -> t.activeAttempt().isPresent() && !hang.contains(t.path()))
              .toList();
      maxConcurrent = Math.max(maxConcurrent, live.size());
      if (!live.isEmpty()) {
        now = now.plusSeconds(1);
        live.forEach(this::end);
      } else if (d.wakeAt().isPresent()) {
        now = d.wakeAt().get();
      } else {
        break;
      }
    }
    return model.run().state();
  }

  void cancel() {
    applier.cancelRun(model, now);
  }

  TaskRun task(String path) {
    TaskRun t = model.task(path);
    if (t == null) {
      throw new AssertionError("no task " + path + " among " + model.tasks().keySet());
    }
    return t;
  }

  /** A running step ends by the script. */
  void end(TaskRun t) {
    Attempt a = t.activeAttempt().orElseThrow();
    int failing = failures.getOrDefault(t.path(), 0);
    StepId id = new StepId(model.run().id(), t.path(), a.number());
    StepResult result =
        a.number() <= failing
            ? new StepResult.Failed("exit code 1", 1, Duration.ofSeconds(1))
            : new StepResult.Succeeded(
                outputs.getOrDefault(t.path(), Map.of()), Map.of(), Duration.ofSeconds(1));
    applier.ended(model, id, result, now);
  }

  /** A running step is killed by a cancel. */
  void killed(String path) {
    TaskRun t = task(path);
    StepId id = new StepId(model.run().id(), path, t.activeAttempt().orElseThrow().number());
    applier.ended(model, id, new StepResult.Canceled(Duration.ZERO), now);
  }

  private void apply(Action action) {
    actions.add(action);
    effects.addAll(applier.apply(model, action, now));
  }

  /** The backoff between two attempts of a step. */
  Duration gap(String path, int first, int second) {
    TaskRun t = task(path);
    return Duration.between(
        t.attempts().get(first - 1).finishedAt().orElseThrow(),
        t.attempts().get(second - 1).startedAt());
  }
}
