package dev.skiff.cli;

import dev.skiff.engine.drive.RunListener;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.logs.LogNotFoundException;
import dev.skiff.engine.logs.RunLogs;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The engine inside this process, on the home's database: what the run commands did before. */
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
      RunListener progress)
      throws Exception {
    // Subscribed before submitting so that no early task change is missed.
    AutoCloseable subscription = engine.runs().subscribe(progress);
    subscriptions.add(subscription);
    return engine.runs().submit(pipeline, pipelineText, parameters, options);
  }

  @Override
  public Optional<RunView> get(String runId) {
    return engine.runs().get(runId);
  }

  @Override
  public List<RunRecord> list(int limit) {
    return engine.runs().list(null, limit);
  }

  @Override
  public void requestCancel(String runId) {
    // Driven here, by another process (it acts on the request within a heartbeat), or by nobody
    // any more: then this process takes it over to cancel it.
    engine.runs().cancel(runId);
  }

  @Override
  public RunView await(String runId) {
    return engine.runs().completion(runId).join();
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
