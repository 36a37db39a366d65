package dev.skiff.api;

import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.engine.run.TaskValues;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.model.ArtifactType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Engine runs built by hand, covering every field the API shows. */
final class SampleRuns {
  static final String RUN_ID = "5f0c2a3e-1b2c-4d5e-8f90-123456789abc";
  static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456Z");

  private SampleRuns() {}

  static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  /** A failed run: a loop with two iterations, a cache hit, a retried step, outputs, metadata. */
  static RunView failed() {
    RunRecord run =
        new RunRecord(
            RUN_ID,
            "my-pipeline",
            "nightly \"run\" ü",
            new RunOptions("nightly", "alice", true),
            Map.of(
                "times",
                JsonValue.of(3),
                "rate",
                JsonValue.of(0.5),
                "big",
                JsonValue.of(1e21),
                "none",
                JsonValue.Null.INSTANCE,
                "cfg",
                JsonValue.parse("{\"b\":[1,2.5,\"x\"],\"a\":true}")),
            RunState.FAILED,
            Optional.of("task train failed"),
            T0,
            Optional.of(at(10)),
            Optional.of(at(12_345)));
    TaskValues produced =
        new TaskValues(
            Map.of("count", JsonValue.of(5), "label", JsonValue.of("a\nb")),
            Map.of(
                "dataset",
                List.of(
                    new RuntimeArtifact(
                        "dataset",
                        ArtifactType.of("system.Dataset", "0.0.1"),
                        "file:///tmp/artifacts/produce/dataset",
                        (JsonValue.Obj) JsonValue.parse("{\"rows\":5,\"accuracy\":0.75}"),
                        Optional.empty()))));
    TaskRun produce =
        new TaskRun(
            "produce",
            TaskKind.CONTAINER,
            "produce",
            TaskState.SUCCEEDED,
            TaskValues.EMPTY,
            produced,
            Optional.of("518c0ffee"),
            false,
            Optional.empty(),
            List.of(
                new Attempt(
                    1,
                    AttemptState.SUCCEEDED,
                    Optional.of("pid:4242"),
                    Optional.of(0),
                    Optional.empty(),
                    at(20),
                    Optional.of(at(70)),
                    Optional.of("skiff-python-runtime 2.15.2+skiff.1.0.0"))),
            at(15),
            Optional.of(at(20)),
            Optional.of(at(70)));
    TaskRun cachedHit =
        new TaskRun(
            "cached-step",
            TaskKind.CONTAINER,
            "cached step",
            TaskState.SUCCEEDED,
            TaskValues.EMPTY,
            new TaskValues(Map.of("Output", JsonValue.of("hi")), Map.of()),
            Optional.of("abc123"),
            true,
            Optional.empty(),
            List.of(),
            at(16),
            Optional.of(at(16)),
            Optional.of(at(16)));
    TaskRun loop =
        new TaskRun(
            "for-loop-2",
            TaskKind.LOOP,
            "for-loop-2",
            TaskState.RUNNING,
            TaskValues.EMPTY,
            TaskValues.EMPTY,
            Optional.empty(),
            false,
            Optional.empty(),
            List.of(),
            at(80),
            Optional.of(at(81)),
            Optional.empty());
    TaskRun iteration0 = iteration("for-loop-2/0", TaskState.SUCCEEDED);
    TaskRun iteration1 = iteration("for-loop-2/1", TaskState.RUNNING);
    TaskRun square =
        new TaskRun(
            "for-loop-2/1/square",
            TaskKind.CONTAINER,
            "square",
            TaskState.RUNNING,
            TaskValues.EMPTY,
            TaskValues.EMPTY,
            Optional.empty(),
            false,
            Optional.empty(),
            List.of(Attempt.started(1, at(100))),
            at(95),
            Optional.of(at(100)),
            Optional.empty());
    TaskRun train =
        new TaskRun(
            "train",
            TaskKind.CONTAINER,
            "train",
            TaskState.FAILED,
            TaskValues.EMPTY,
            TaskValues.EMPTY,
            Optional.of("f00d"),
            false,
            Optional.of("exit code 3 after 2 attempts"),
            List.of(
                new Attempt(
                    1,
                    AttemptState.FAILED,
                    Optional.of("pid:1"),
                    Optional.of(3),
                    Optional.of("exit code 3"),
                    at(200),
                    Optional.of(at(1_200)),
                    Optional.of("host kfp 2.9.0")),
                new Attempt(
                    2,
                    AttemptState.FAILED,
                    Optional.of("pid:2"),
                    Optional.of(3),
                    Optional.of("exit code 3"),
                    at(1_300),
                    Optional.of(at(12_300)),
                    Optional.of("host kfp 2.9.0"))),
            at(190),
            Optional.of(at(200)),
            Optional.of(at(12_300)));
    TaskRun skipped =
        new TaskRun(
            "report",
            TaskKind.CONTAINER,
            "report",
            TaskState.SKIPPED,
            TaskValues.EMPTY,
            TaskValues.EMPTY,
            Optional.empty(),
            false,
            Optional.of("upstream train failed"),
            List.of(),
            at(12_301),
            Optional.empty(),
            Optional.of(at(12_301)));
    return new RunView(
        run, List.of(cachedHit, loop, iteration0, iteration1, square, produce, skipped, train));
  }

  /** A run that has not started: no times, no tasks, no parameters. */
  static RunView pending() {
    return new RunView(
        new RunRecord(
            "0a0a0a0a-0000-4000-8000-000000000001",
            "hello-world",
            "hello-world",
            RunOptions.DEFAULT,
            Map.of(),
            RunState.PENDING,
            Optional.empty(),
            T0,
            Optional.empty(),
            Optional.empty()),
        List.of());
  }

  private static TaskRun iteration(String path, TaskState state) {
    return new TaskRun(
        path,
        TaskKind.ITERATION,
        "for-loop-2-" + path.substring(path.lastIndexOf('/') + 1),
        state,
        TaskValues.EMPTY,
        TaskValues.EMPTY,
        Optional.empty(),
        false,
        Optional.empty(),
        List.of(),
        at(90),
        Optional.of(at(91)),
        state.isTerminal() ? Optional.of(at(99)) : Optional.empty());
  }
}
