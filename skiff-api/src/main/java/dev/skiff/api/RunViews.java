package dev.skiff.api;

import dev.skiff.api.v2beta1.ArtifactView;
import dev.skiff.api.v2beta1.AttemptView;
import dev.skiff.api.v2beta1.ChildTask;
import dev.skiff.api.v2beta1.PipelineTaskDetail;
import dev.skiff.api.v2beta1.PipelineVersionReference;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.api.v2beta1.RunDetails;
import dev.skiff.api.v2beta1.RuntimeConfig;
import dev.skiff.api.v2beta1.RuntimeState;
import dev.skiff.api.v2beta1.Status;
import dev.skiff.api.v2beta1.TaskOutputs;
import dev.skiff.api.v2beta1.TaskView;
import dev.skiff.engine.catalog.RunCatalog;
import dev.skiff.engine.run.Attempt;
import dev.skiff.engine.run.RunMetadata;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The engine's runs as the API shows them: the one mapping from {@link RunView} to {@link Run},
 * used by the server's routes and by the CLI's in-process path alike, so that {@code skiff get run
 * ID -o json} prints the same bytes with and without a server.
 */
public final class RunViews {
  private RunViews() {}

  /** A run with its tasks and its pipeline (inline) or the version it was made from. */
  public static Run run(RunCatalog.RunDetail detail) {
    Run r = run(detail.view());
    return new Run(
        r.runId(),
        r.displayName(),
        r.pipelineName(),
        r.state(),
        r.createdAt(),
        r.scheduledAt(),
        r.finishedAt(),
        r.runtimeConfig(),
        r.error(),
        r.runDetails(),
        r.tasks(),
        r.experimentId(),
        r.description(),
        r.storageState(),
        r.serviceAccount(),
        detail.pipelineSpec(),
        r.pipelineVersionReference(),
        r.recurringRunId());
  }

  /** A run with its tasks. */
  public static Run run(RunView view) {
    RunRecord r = view.run();
    List<TaskRun> all = view.tasks();
    // Children by parent path in one pass, each list in the engine's order.
    Map<String, List<ChildTask>> children = new HashMap<>();
    for (TaskRun t : all) {
      if (!t.parentPath().equals(t.path())) {
        children
            .computeIfAbsent(t.parentPath(), p -> new ArrayList<>())
            .add(new ChildTask(taskId(r.id(), t.path())));
      }
    }
    List<PipelineTaskDetail> details = new ArrayList<>(all.size());
    Map<String, TaskView> tasks = new TreeMap<>();
    for (TaskRun t : all) {
      details.add(taskDetail(r.id(), t, children.getOrDefault(t.path(), List.of())));
      tasks.put(t.path(), task(t));
    }
    return run(r, details, tasks);
  }

  /** A run without its tasks, as a list of runs shows it. */
  public static Run summary(RunRecord record) {
    return run(record, List.of(), Map.of());
  }

  /** One task as the {@code tasks} map shows it (and as progress lines read it). */
  public static TaskView task(TaskRun t) {
    List<AttemptView> attempts = new ArrayList<>(t.attempts().size());
    for (Attempt a : t.attempts()) {
      attempts.add(
          new AttemptView(
              a.number(),
              a.state().name(),
              a.handle().orElse(null),
              a.exitCode().orElse(null),
              a.message().orElse(null),
              a.startedAt(),
              a.finishedAt().orElse(null),
              a.runtime().orElse(null)));
    }
    Double runtimeSeconds =
        t.startedAt().isPresent() && t.finishedAt().isPresent()
            ? (t.finishedAt().get().toEpochMilli() - t.startedAt().get().toEpochMilli()) / 1000.0
            : null;
    return new TaskView(
        state(t.state()),
        t.kind().name(),
        t.displayName(),
        t.cached(),
        t.fingerprint().orElse(null),
        t.error().orElse(null),
        t.statusMessage().orElse(null),
        t.startedAt().orElse(null),
        t.finishedAt().orElse(null),
        runtimeSeconds,
        t.lastAttempt().flatMap(Attempt::runtime).orElse(null),
        attempts,
        outputs(t));
  }

  /** The stable id of a task: a name-based UUID of run id and path. */
  public static String taskId(String runId, String path) {
    return UUID.nameUUIDFromBytes((runId + "/" + path).getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static Run run(
      RunRecord r, List<PipelineTaskDetail> details, Map<String, TaskView> tasks) {
    RunMetadata m = r.options().metadata();
    return new Run(
        r.id(),
        r.displayName(),
        r.pipelineName(),
        RuntimeState.valueOf(r.state().name()),
        r.createdAt(),
        r.startedAt().orElse(null),
        r.finishedAt().orElse(null),
        new RuntimeConfig(r.parameters(), m.pipelineRoot()),
        r.error().map(Status::new).orElse(null),
        new RunDetails(details),
        new TreeMap<>(tasks),
        m.experimentId(),
        m.description(),
        m.archived() ? "ARCHIVED" : "AVAILABLE",
        m.serviceAccount(),
        null,
        m.fromStoredVersion()
            ? new PipelineVersionReference(m.pipelineId(), m.pipelineVersionId())
            : null,
        m.recurringRunId());
  }

  private static PipelineTaskDetail taskDetail(
      String runId, TaskRun t, List<ChildTask> childTasks) {
    return new PipelineTaskDetail(
        runId,
        taskId(runId, t.path()),
        t.displayName(),
        t.createdAt(),
        t.startedAt().orElse(null),
        t.finishedAt().orElse(null),
        state(t.state()),
        t.parentPath().isEmpty() ? null : taskId(runId, t.parentPath()),
        childTasks,
        t.state() == TaskState.FAILED ? t.error().map(Status::new).orElse(null) : null,
        t.statusMessage().orElse(null));
  }

  private static TaskOutputs outputs(TaskRun t) {
    Map<String, List<ArtifactView>> artifacts = new LinkedHashMap<>();
    t.outputs()
        .artifacts()
        .forEach(
            (name, list) -> {
              List<ArtifactView> views = new ArrayList<>(list.size());
              for (RuntimeArtifact a : list) {
                views.add(new ArtifactView(a.uri(), a.metadata(), a.type().displayName()));
              }
              artifacts.put(name, views);
            });
    return new TaskOutputs(t.outputs().parameters(), artifacts);
  }

  private static RuntimeState state(TaskState s) {
    return RuntimeState.valueOf(s.name());
  }
}
