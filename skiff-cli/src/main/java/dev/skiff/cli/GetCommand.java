package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.AttemptView;
import dev.skiff.api.v2beta1.ListRunsResponse;
import dev.skiff.api.v2beta1.TaskView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skiff get runs} and {@code skiff get run ID}: what is stored, as tables or JSON. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Show stored runs.",
    subcommands = {GetCommand.Runs.class, GetCommand.Run.class},
    commandListHeading = "%nCommands:%n")
final class GetCommand {

  /** {@code skiff get runs}: newest first. */
  @Command(
      name = "runs",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "List runs, newest first.")
  static final class Runs implements Callable<Integer> {
    @Option(names = "--limit", paramLabel = "N", description = "At most N runs (default 50).")
    int limit = 50;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: KFP-style {\"runs\": [...]}.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      if (limit < 1 || limit > 10_000) {
        throw new UsageError("--limit must be a number from 1 to 10000, got " + limit);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (RunClient client = RunClients.open(remote, home, false)) {
        print(client.list(limit), json, out);
        return 0;
      }
    }

    /** Runs as a table for people, or KFP-style {@code {"runs": [...]}} (not counted). */
    static void print(List<dev.skiff.api.v2beta1.Run> runs, boolean json, PrintWriter out) {
      if (json) {
        // Not counted here: total_size is left out.
        out.println(ApiJson.write(new ListRunsResponse(runs, null, null)));
        return;
      }
      out.printf(
          "%-36s  %-10s  %-24s  %-20s  %s%n", "RUN ID", "STATE", "NAME", "CREATED", "DURATION");
      for (dev.skiff.api.v2beta1.Run r : runs) {
        out.printf(
            "%-36s  %-10s  %-24s  %-20s  %s%n",
            r.runId(),
            r.state(),
            truncate(r.displayName(), 24),
            r.createdAt().toString().substring(0, 19).replace('T', ' '),
            Durations.between(r.scheduledAt(), r.finishedAt()));
      }
    }
  }

  /** {@code skiff get run ID}: the run and its tasks. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Show one run with its tasks and outputs.")
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "A run id or a unique prefix.")
    String runId;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: KFP's v2beta1 Run plus per-task states and outputs.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      PrintWriter out = spec.commandLine().getOut();
      try (RunClient client = RunClients.open(remote, home, false)) {
        String id = RunIds.resolve(client, runId);
        dev.skiff.api.v2beta1.Run r = client.get(id).orElseThrow();
        if (json) {
          out.println(ApiJson.write(r));
          return 0;
        }
        out.printf("run:      %s%n", r.runId());
        out.printf("name:     %s%n", r.displayName());
        out.printf("pipeline: %s%n", r.pipelineName());
        out.printf("state:    %s%n", r.state());
        if (r.error() != null) {
          out.printf("error:    %s%n", r.error().message());
        }
        out.printf("created:  %s%n", r.createdAt());
        out.printf("duration: %s%n", Durations.between(r.scheduledAt(), r.finishedAt()));
        Map<String, JsonValue> parameters = r.runtimeConfig().parameters();
        if (!parameters.isEmpty()) {
          out.println("parameters:");
          parameters.forEach((k, v) -> out.printf("  %s = %s%n", k, ParameterValues.format(v)));
        }
        out.println();
        out.printf(
            "%-40s  %-10s  %-8s  %-9s  %-22s  %s%n",
            "TASK", "STATE", "ATTEMPTS", "DURATION", "RUNTIME", "OUTPUTS");
        r.tasks()
            .forEach(
                (path, t) -> {
                  out.printf(
                      "%-40s  %-10s  %-8s  %-9s  %-22s  %s%n",
                      path,
                      t.state() + (t.cached() ? "*" : ""),
                      t.attempts().isEmpty() ? "" : Integer.toString(t.attempts().size()),
                      Durations.between(t.startTime(), t.endTime()),
                      runtime(t),
                      outputs(t));
                  if (t.statusMessage() != null) {
                    out.printf("  %s%n", t.statusMessage()); // e.g. waiting for quota: ...
                  }
                });
        if (r.tasks().values().stream().anyMatch(TaskView::cached)) {
          out.println("(* reused from the cache)");
        }
        return 0;
      }
    }

    /** What ran the last attempt, shortened: "skiff-python-runtime 2.15.2+skiff.1.0.0" is long. */
    static String runtime(TaskView t) {
      return t.lastAttempt()
          .map(AttemptView::runtime)
          .map(r -> r.replace("skiff-python-runtime ", "skiff-py "))
          .orElse("");
    }

    private static String outputs(TaskView t) {
      StringBuilder b = new StringBuilder();
      t.outputs()
          .parameters()
          .forEach(
              (k, v) ->
                  b.append(b.isEmpty() ? "" : ", ")
                      .append(k)
                      .append('=')
                      .append(truncate(ParameterValues.format(v), 40)));
      t.outputs()
          .artifacts()
          .forEach(
              (k, list) ->
                  list.forEach(
                      a ->
                          b.append(b.isEmpty() ? "" : ", ").append(k).append('=').append(a.uri())));
      return b.toString();
    }
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
