package dev.skiff.engine.schedule;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunSnapshot;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.TaskIndex;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.engine.service.RunModel;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
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
 * Drives the pure scheduler over a fixture with no I/O: container steps "end" as a script says
 * (outputs, or a failure), time jumps to each wake-up. Records every action, for assertions.
 */
final class Sim {
  final RunModel model;
  final RunScheduler scheduler = new RunScheduler();
  final List<Action> actions = new ArrayList<>();

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
    RunRecord r = model.run();
    model.setRun(
        r.withState(
            r.state() == RunState.PENDING ? RunState.CANCELED : RunState.CANCELING, null, now));
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
    if (a.number() <= failing) {
      Attempt ended = a.ended(AttemptState.FAILED, 1, "exit code 1", now);
      TaskRun next = t.withAttempt(ended);
      if (t.state() == TaskState.CANCELING) {
        next =
            next.with(TaskValues.EMPTY, t.fingerprint(), false, "exit code 1")
                .withState(TaskState.FAILED, now);
      }
      model.put(next);
      return;
    }
    Attempt ended = a.ended(AttemptState.SUCCEEDED, 0, null, now);
    model.put(
        t.withAttempt(ended)
            .with(
                new TaskValues(outputs.getOrDefault(t.path(), Map.of()), Map.of()),
                t.fingerprint(),
                false,
                null)
            .withState(TaskState.SUCCEEDED, now));
  }

  /** A running step is killed by a cancel. */
  void killed(String path) {
    TaskRun t = task(path);
    Attempt ended = t.activeAttempt().orElseThrow().ended(AttemptState.CANCELED, null, null, now);
    model.put(t.withAttempt(ended).withState(TaskState.CANCELED, now));
  }

  private void apply(Action action) {
    actions.add(action);
    switch (action) {
      case Action.StartRun s -> model.setRun(model.run().withState(RunState.RUNNING, null, now));
      case Action.FinishRun f -> model.setRun(model.run().withState(f.state(), f.error(), now));
      case Action.Skip s ->
          model.put(
              TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now)
                  .with(TaskValues.EMPTY, Optional.empty(), false, s.reason())
                  .withState(TaskState.SKIPPED, now));
      case Action.FailPending f ->
          model.put(
              TaskRun.pending(f.path(), f.kind(), f.displayName(), f.inputs(), now)
                  .with(TaskValues.EMPTY, Optional.empty(), false, f.error())
                  .withState(TaskState.FAILED, now));
      case Action.StartDag s ->
          model.put(
              TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now)
                  .withState(TaskState.RUNNING, now));
      case Action.StartStep s -> {
        TaskRun t = TaskRun.pending(s.path(), s.kind(), s.displayName(), s.inputs(), now);
        if (s.kind() == TaskKind.IMPORTER) {
          model.put(t.withState(TaskState.SUCCEEDED, now));
        } else {
          model.put(t.withState(TaskState.RUNNING, now));
        }
      }
      case Action.Launch l -> {
        Attempt a = Attempt.started(l.attempt(), Path.of("/logs/" + l.attempt()), now);
        model.put(model.task(l.path()).withAttempt(a));
      }
      case Action.Finish f -> {
        TaskRun t = model.task(f.path());
        model.put(
            t.with(f.outputs(), t.fingerprint(), t.cached(), f.error()).withState(f.state(), now));
      }
      case Action.CancelStep c ->
          model.put(model.task(c.path()).withState(TaskState.CANCELING, now));
    }
  }

  /** The backoff between two attempts of a step. */
  Duration gap(String path, int first, int second) {
    TaskRun t = task(path);
    return Duration.between(
        t.attempts().get(first - 1).finishedAt().orElseThrow(),
        t.attempts().get(second - 1).startedAt());
  }
}
