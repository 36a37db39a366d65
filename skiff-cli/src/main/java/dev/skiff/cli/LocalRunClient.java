package dev.skiff.cli;

import dev.skiff.api.RunViews;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.engine.catalog.RunCatalog;
import dev.skiff.engine.drive.RunListener;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.logs.LogNotFoundException;
import dev.skiff.engine.logs.RunLogs;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine inside this process, on the home's database. Runs are shown through the same mapping
 * the server uses ({@link RunViews}), so a command prints the same with or without a server.
 */
final class LocalRunClient implements RunClient {
  private final LocalEngine engine;
  private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();

  LocalRunClient(LocalEngine engine) {
    this.engine = engine;
  }

  @Override
  public String submit(
      Pipeline pipeline,
      String pipelineText,
      String sourceName,
      Map<String, JsonValue> parameters,
      RunOptions options,
      TaskListener progress)
      throws Exception {
    // Subscribed before submitting so that no early task change is missed.
    AutoCloseable subscription =
        engine
            .runs()
            .subscribe(
                new RunListener() {
                  @Override
                  public void taskChanged(String runId, TaskRun task) {
                    progress.taskChanged(runId, task.path(), RunViews.task(task));
                  }
                });
    subscriptions.add(subscription);
    return engine.runs().submit(pipeline, pipelineText, parameters, options);
  }

  @Override
  public Optional<Run> get(String runId) {
    return engine.runs().get(runId).map(this::detailed);
  }

  /** The run as the server's GET answers it: with its pipeline (or its version reference). */
  private Run detailed(RunView view) {
    String text = engine.database().runs().find(view.run().id()).map(StoredRun::spec).orElse("");
    return RunViews.run(RunCatalog.detail(view, text));
  }

  @Override
  public List<Run> list(int limit) {
    return engine.runs().list(null, limit).stream().map(RunViews::summary).toList();
  }

  @Override
  public void requestCancel(String runId) {
    // Driven here, by another process (it acts on the request within a heartbeat), or by nobody
    // any more: then this process takes it over to cancel it.
    engine.runs().cancel(runId);
  }

  @Override
  public Run await(String runId) {
    return detailed(engine.runs().completion(runId).join());
  }

  @Override
  public void printLogs(String runId, String task, int attempt, boolean follow, PrintWriter out)
      throws IOException, InterruptedException {
    RunService runs = engine.runs();
    List<RunLogs.Section> sections;
    try {
      sections = RunLogs.select(runs.get(runId).orElseThrow(), task, attempt);
    } catch (LogNotFoundException e) {
      throw new UsageError(e.getMessage());
    }
    RunLogs.write(
        runId,
        runs.logs(),
        sections,
        task == null,
        follow && task != null,
        () -> runs.get(runId).map(v -> v.run().state().isTerminal()).orElse(true),
        out);
  }

  @Override
  public void close() {
    for (AutoCloseable s : subscriptions) {
      try {
        s.close();
      } catch (Exception e) {
        // unsubscribing cannot fail in a way that matters here
      }
    }
    engine.close();
  }
}
