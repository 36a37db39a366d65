package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.Run;
import dev.skiff.api.v2beta1.RuntimeState;
import dev.skiff.api.v2beta1.TaskView;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.ParseLimits;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
import dev.skiff.server.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff run FILE}: runs a KFP pipeline file, on this machine or on a running server (see
 * {@link RunClients}), showing live progress. The file and parameters are checked here first (a
 * file over {@code engine.maxPipelineBytes} is refused before it is read). Exit code 0 when the run
 * SUCCEEDED, 1 when it FAILED or was CANCELED, 2 when the file or a parameter is wrong (then
 * nothing is stored). Ctrl-C (or SIGTERM) cancels the run and waits up to {@link #CANCEL_WAIT} for
 * it to end, then exits whatever the engine does.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Run a pipeline file (KFP v2 IR YAML or JSON) and wait for it: on a running Skiff server",
      "(--server, or the one running on the home), else in this process.",
      "Exit code: 0 succeeded, 1 failed or canceled, 2 invalid input."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The compiled pipeline file.")
  Path file;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "NAME=VALUE",
      description = "A pipeline parameter; repeatable. Values are typed by the pipeline's inputs.")
  List<String> params = new ArrayList<>();

  @Option(names = "--no-cache", description = "Run every step even when a cached result exists.")
  boolean noCache;

  @Option(names = "--name", paramLabel = "NAME", description = "Display name of the run.")
  String name;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "json: print only the finished run as JSON (as 'skiff get run ID -o json').")
  String output;

  @Option(
      names = "--allow-oversubscribe",
      description =
          "Run steps that ask for more CPUs, memory or GPUs than this machine has (in-process"
              + " runs only).")
  boolean allowOversubscribe;

  @Mixin HomeOptions home;

  @Mixin RemoteOptions remote;

  @Spec CommandSpec spec;

  /** How long Ctrl-C waits for the canceled run to end before the command exits anyway. */
  static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

  @Override
  public Integer call() throws Exception {
    boolean json = OutputFormat.isJson(output);
    ParseLimits limits =
        ConfigLoader.load(home.overrides(), System.getenv()).engine().limits().pipeline();
    String text = readPipeline(file, limits);
    String source = file.getFileName().toString();
    Pipeline pipeline = PipelineParser.parse(text, source, limits);
    Map<String, JsonValue> parameters =
        ParameterValues.parseAssignments(params, pipeline.spec().root().inputDefinitions());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (RunClient runs = RunClients.open(remote, home, allowOversubscribe, err)) {
      RunOptions options = RunOptions.DEFAULT.withCache(!noCache);
      if (name != null) {
        options = options.withDisplayName(name);
      }
      // The relay holds task changes that arrive before the run id is known.
      ProgressRelay relay = new ProgressRelay(json ? null : out);
      String runId = runs.submit(pipeline, text, source, parameters, options, relay);
      if (!json) {
        out.printf("run %s: %s%n", runId, source);
        out.flush();
      }
      relay.follow(runId);
      Run done = awaitCancellingOnInterrupt(runs, runId, err);
      if (json) {
        out.println(ApiJson.write(done));
      } else {
        printSummary(done, out);
      }
      out.flush();
      return done.state() == RuntimeState.SUCCEEDED ? 0 : Main.EXIT_FAILURE;
    }
  }

  /**
   * Waits for the run; Ctrl-C (or SIGTERM) cancels it and waits for the cancel to finish, at most
   * {@link #CANCEL_WAIT}: a stuck engine or an unreachable server does not keep the command alive.
   */
  private static Run awaitCancellingOnInterrupt(RunClient runs, String runId, PrintWriter err) {
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread cancel =
        new Thread(
            () -> {
              interrupted.set(true);
              Thread worker =
                  Thread.ofPlatform()
                      .daemon()
                      .name("skiff-run-cancel-wait")
                      .start(
                          () -> {
                            try {
                              runs.requestCancel(runId);
                              runs.await(runId);
                            } catch (RuntimeException e) {
                              // e.g. the server went away meanwhile: one line, not a stack trace
                              err.println(
                                  "skiff: cannot cancel run " + runId + ": " + e.getMessage());
                              err.flush();
                            }
                          });
              try {
                worker.join(CANCEL_WAIT);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (worker.isAlive()) {
                err.println(
                    "skiff: run "
                        + runId
                        + " did not end within "
                        + CANCEL_WAIT.toSeconds()
                        + "s of the cancel; exiting (the cancel stays requested)");
                err.flush();
              }
            },
            "skiff-run-cancel");
    Runtime.getRuntime().addShutdownHook(cancel);
    try {
      return runs.await(runId);
    } finally {
      if (!interrupted.get()) {
        Runtime.getRuntime().removeShutdownHook(cancel);
      }
    }
  }

  static void printSummary(Run run, PrintWriter out) {
    long succeeded = count(run, RuntimeState.SUCCEEDED);
    long failed = count(run, RuntimeState.FAILED);
    long skipped = count(run, RuntimeState.SKIPPED);
    long cached = run.tasks().values().stream().filter(TaskView::cached).count();
    out.printf(
        "run %s %s in %s: %d succeeded (%d cached), %d failed, %d skipped%n",
        run.runId(),
        run.state(),
        Durations.between(
            run.scheduledAt() != null ? run.scheduledAt() : run.createdAt(), run.finishedAt()),
        succeeded,
        cached,
        failed,
        skipped);
    if (run.error() != null) {
      out.println("error: " + run.error().message());
    }
  }

  private static long count(Run run, RuntimeState state) {
    return run.tasks().values().stream().filter(t -> t.state() == state).count();
  }

  /**
   * The file's text; a file over the limit is refused before it is read.
   *
   * @throws PipelineException when it is over the limit
   */
  static String readPipeline(Path file, ParseLimits limits) throws PipelineException {
    try {
      if (Files.size(file) > limits.maxBytes()) {
        PipelineParser.parse(file, limits); // throws the size error without reading the file
      }
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UsageError(file + ": no such file");
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + e.getMessage());
    }
  }
}
