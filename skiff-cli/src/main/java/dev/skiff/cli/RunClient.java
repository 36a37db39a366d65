package dev.skiff.cli;

import dev.skiff.api.v2beta1.Run;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the run commands send their work: the engine inside this process ({@link LocalRunClient})
 * or a running server over HTTP ({@link HttpRunClient}). Both answer with the API's records ({@code
 * dev.skiff.api.v2beta1}), so that each command has one code path and prints the same either way;
 * {@link RunClients#open} picks the transport.
 */
interface RunClient extends AutoCloseable {

  /**
   * Submits a validated pipeline.
   *
   * @param pipeline the file, parsed (the in-process engine does not parse it again)
   * @param pipelineText the file as written (kept with the run)
   * @param progress hears the new run's task changes (it may hear other runs' changes too, and
   *     changes from before the id is returned; see {@link ProgressRelay})
   * @return the run id
   */
  String submit(
      Pipeline pipeline,
      String pipelineText,
      String sourceName,
      Map<String, JsonValue> parameters,
      RunOptions options,
      TaskListener progress)
      throws Exception;

  /** The run with its tasks, when it exists (and the caller may see it). */
  Optional<Run> get(String runId);

  /** Runs, newest first, without their tasks. */
  List<Run> list(int limit);

  /** Asks for the run to be canceled; returns at once. */
  void requestCancel(String runId);

  /** Waits until the run has finished, telling the progress listener given at submit. */
  Run await(String runId);

  /**
   * Prints the logs of a run's steps as {@code skiff logs} shows them.
   *
   * @param task a task path, or null for every step
   * @param attempt 1-based; 0 for the newest
   * @param follow keep printing what the step writes until the run has finished (with a task)
   * @throws UsageError when the run has no such step with logs or no such attempt
   */
  void printLogs(String runId, String task, int attempt, boolean follow, PrintWriter out)
      throws IOException, InterruptedException;

  @Override
  void close();
}
