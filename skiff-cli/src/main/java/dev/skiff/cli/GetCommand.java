package dev.skiff.cli;

import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.service.RunJson;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
import java.io.PrintWriter;
import java.util.List;
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
        List<RunRecord> runs = client.list(limit);
        if (json) {
          List<JsonValue> items =
              runs.stream()
                  .map(r -> (JsonValue) RunJson.toJson(new RunView(r, List.of())))
                  .toList();
          out.println(JsonValue.struct(java.util.Map.of("runs", JsonValue.list(items))).toJson());
          return 0;
        }
        out.printf(
            "%-36s  %-10s  %-24s  %-20s  %s%n", "RUN ID", "STATE", "NAME", "CREATED", "DURATION");
        for (RunRecord r : runs) {
          out.printf(
              "%-36s  %-10s  %-24s  %-20s  %s%n",
              r.id(),
              r.state(),
              truncate(r.displayName(), 24),
              r.createdAt().toString().substring(0, 19).replace('T', ' '),
              Durations.between(r.startedAt(), r.finishedAt()));
        }
        return 0;
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
        RunView view = client.get(id).orElseThrow();
        if (json) {
          out.println(RunJson.render(view));
          return 0;
        }
        RunRecord r = view.run();
        out.printf("run:      %s%n", r.id());
        out.printf("name:     %s%n", r.displayName());
        out.printf("pipeline: %s%n", r.pipelineName());
        out.printf("state:    %s%n", r.state());
        r.error().ifPresent(e -> out.printf("error:    %s%n", e));
        out.printf("created:  %s%n", r.createdAt());
        out.printf("duration: %s%n", Durations.between(r.startedAt(), r.finishedAt()));
        if (!r.parameters().isEmpty()) {
          out.println("parameters:");
          r.parameters().forEach((k, v) -> out.printf("  %s = %s%n", k, ParameterValues.format(v)));
        }
        out.println();
        out.printf(
            "%-40s  %-10s  %-8s  %-9s  %-22s  %s%n",
            "TASK", "STATE", "ATTEMPTS", "DURATION", "RUNTIME", "OUTPUTS");
        for (TaskRun t : view.tasks()) {
          out.printf(
              "%-40s  %-10s  %-8s  %-9s  %-22s  %s%n",
              t.path(),
              t.state() + (t.cached() ? "*" : ""),
              t.attempts().isEmpty() ? "" : Integer.toString(t.attempts().size()),
              Durations.between(t.startedAt(), t.finishedAt()),
              runtime(t),
              outputs(t));
        }
        if (view.tasks().stream().anyMatch(TaskRun::cached)) {
          out.println("(* reused from the cache)");
        }
        return 0;
      }
    }

    /** What ran the last attempt, shortened: "skiff-python-runtime 2.15.2+skiff.1.0.0" is long. */
    static String runtime(TaskRun t) {
      if (t.attempts().isEmpty()) {
        return "";
      }
      return t.attempts()
          .getLast()
          .runtime()
          .map(r -> r.replace("skiff-python-runtime ", "skiff-py "))
          .orElse("");
    }

    private static String outputs(TaskRun t) {
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
