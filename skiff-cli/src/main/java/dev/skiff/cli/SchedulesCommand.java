package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v2beta1.ListRecurringRunsResponse;
import dev.skiff.api.v2beta1.Pipeline;
import dev.skiff.api.v2beta1.PipelineVersion;
import dev.skiff.api.v2beta1.PipelineVersionReference;
import dev.skiff.api.v2beta1.RecurringRun;
import dev.skiff.api.v2beta1.RuntimeConfig;
import dev.skiff.pipeline.PipelineException;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.pipeline.value.ParameterValues;
import dev.skiff.server.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff schedules create|list|get|enable|disable|delete}: recurring runs, as KFP's. A server
 * fires their ticks; schedules made in this process fire once a server runs on the home.
 */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Create, list, enable, disable and delete schedules (KFP's recurring runs): a pipeline run",
      "on a cron schedule or every N seconds. A running server ('skiff server') fires them."
    },
    subcommands = {
      SchedulesCommand.Create.class,
      SchedulesCommand.ListSchedules.class,
      SchedulesCommand.Get.class,
      SchedulesCommand.Enable.class,
      SchedulesCommand.Disable.class,
      SchedulesCommand.Delete.class
    },
    commandListHeading = "%nCommands:%n")
final class SchedulesCommand {

  /** The schedule of that id, or else of that name. */
  static RecurringRun find(CatalogClient catalog, String idOrName) {
    return catalog
        .recurringRun(idOrName)
        .or(() -> catalog.recurringRunNamed(idOrName))
        .orElseThrow(
            () -> new UsageError("no schedule '" + idOrName + "' (see 'skiff schedules list')"));
  }

  /** The trigger, one of the two. */
  static final class When {
    @Option(
        names = "--cron",
        paramLabel = "EXPR",
        description =
            "A cron expression, in UTC: 6 fields with seconds first as KFP writes them"
                + " ('0 0 * * * *' hourly), or 5 fields as UNIX cron ('0 * * * *' hourly).")
    String cron;

    @Option(names = "--every", paramLabel = "SECONDS", description = "Run every SECONDS seconds.")
    Long every;
  }

  /** The pipeline, one of the two. */
  static final class What {
    @Option(names = "--file", paramLabel = "FILE", description = "A compiled pipeline file.")
    Path file;

    @Option(
        names = "--pipeline",
        paramLabel = "PIPELINE",
        description =
            "A stored pipeline (id or name); its newest version unless --pipeline-version.")
    String pipeline;
  }

  /** {@code skiff schedules create NAME (--cron EXPR | --every S) (--file F | --pipeline P)}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Create a schedule (it is checked first: nothing is stored when it is wrong).")
  static final class Create implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Its name; runs are NAME-<time>.")
    String name;

    // Optional for picocli (a required group would refuse --help); checked in call().
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    When when;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    What what;

    @Option(
        names = "--pipeline-version",
        paramLabel = "VERSION_ID",
        description = "The version of --pipeline to run.")
    String version;

    @Option(
        names = {"-p", "--param"},
        paramLabel = "NAME=VALUE",
        description =
            "A pipeline parameter; repeatable. Values are typed by the pipeline's inputs.")
    List<String> params = new ArrayList<>();

    @Option(
        names = "--experiment",
        paramLabel = "EXPERIMENT",
        description = "The experiment its runs go into (id or name; default: Default).")
    String experiment;

    @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
    String description;

    @Option(
        names = "--start",
        paramLabel = "TIME",
        description = "No run before TIME (RFC 3339, e.g. 2026-01-01T00:00:00Z).")
    String start;

    @Option(names = "--end", paramLabel = "TIME", description = "No run after TIME (RFC 3339).")
    String end;

    @Option(
        names = "--max-concurrency",
        paramLabel = "N",
        description = "Skip a tick while N of its runs are unfinished (1 to 10, default 1).")
    long maxConcurrency = 1;

    @Option(
        names = "--no-catchup",
        description = "After downtime run only the latest missed tick (default: every one).")
    boolean noCatchup;

    @Option(names = "--disabled", description = "Create it disabled.")
    boolean disabled;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: the KFP RecurringRun.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws PipelineException, ParameterValueException {
      boolean json = OutputFormat.isJson(output);
      if (when == null) {
        throw new UsageError("a schedule needs --cron EXPR or --every SECONDS");
      }
      if (what == null) {
        throw new UsageError("a schedule needs its pipeline: --file FILE or --pipeline PIPELINE");
      }
      if (version != null && what.pipeline == null) {
        throw new UsageError(
            "--pipeline-version names a version of a stored pipeline: add --pipeline");
      }
      Instant startTime = time("--start", start);
      Instant endTime = time("--end", end);
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        String text;
        JsonValue pipelineSpec = null;
        PipelineVersionReference reference = null;
        if (what.file != null) {
          var limits = ConfigLoader.load(home.overrides(), System.getenv()).engine().limits();
          text = RunCommand.readPipeline(what.file, limits.pipeline());
          pipelineSpec = JsonValue.of(text);
        } else {
          PipelineVersion v = version(catalog);
          text = v.pipelineSpec().toJson();
          reference = new PipelineVersionReference(v.pipelineId(), v.pipelineVersionId());
        }
        // Parameters typed by the pipeline's inputs, as 'skiff run' types them.
        var inputs =
            PipelineParser.parse(text, what.file == null ? what.pipeline : what.file.toString())
                .spec()
                .root()
                .inputDefinitions();
        Map<String, JsonValue> parameters = ParameterValues.parseAssignments(params, inputs);
        String experimentId =
            experiment == null
                ? null
                : catalog
                    .experiment(experiment)
                    .or(() -> catalog.experimentNamed(experiment))
                    .orElseThrow(
                        () ->
                            new UsageError(
                                "no experiment '"
                                    + experiment
                                    + "' (see 'skiff experiments list')"))
                    .experimentId();
        RecurringRun.Trigger trigger =
            when.cron != null
                ? new RecurringRun.Trigger(
                    new RecurringRun.CronSchedule(startTime, endTime, when.cron), null)
                : new RecurringRun.Trigger(
                    null, new RecurringRun.PeriodicSchedule(startTime, endTime, when.every));
        RecurringRun request =
            new RecurringRun(
                null,
                name,
                description,
                null,
                pipelineSpec,
                reference,
                new RuntimeConfig(parameters),
                null,
                maxConcurrency,
                trigger,
                disabled ? "DISABLE" : "ENABLE",
                null,
                null,
                null,
                null,
                noCatchup,
                null,
                experimentId);
        RecurringRun made = catalog.createRecurringRun(request);
        spec.commandLine()
            .getOut()
            .println(
                json
                    ? ApiJson.write(made)
                    : "created schedule "
                        + made.displayName()
                        + " ("
                        + made.recurringRunId()
                        + "): "
                        + describe(made.trigger())
                        + ", "
                        + made.status().toLowerCase(java.util.Locale.ROOT));
        return 0;
      }
    }

    private PipelineVersion version(CatalogClient catalog) {
      Pipeline p = PipelinesCommand.find(catalog, what.pipeline);
      List<PipelineVersion> versions =
          catalog.versions(p.pipelineId(), 10_000, "").pipelineVersions();
      if (version != null) {
        return versions.stream()
            .filter(v -> v.pipelineVersionId().equals(version) || version.equals(v.name()))
            .findFirst()
            .orElseThrow(
                () -> new UsageError("pipeline " + p.name() + " has no version '" + version + "'"));
      }
      if (versions.isEmpty()) {
        throw new UsageError("pipeline " + p.name() + " has no versions");
      }
      return versions.getLast();
    }

    private static Instant time(String option, String value) {
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value.strip());
      } catch (DateTimeParseException e) {
        throw new UsageError(
            option + " '" + value + "' is not an RFC 3339 time such as 2026-01-01T00:00:00Z");
      }
    }
  }

  /** The trigger in a few words. */
  static String describe(RecurringRun.Trigger t) {
    if (t == null) {
      return "";
    }
    if (t.cronSchedule() != null) {
      return "cron '" + t.cronSchedule().cron() + "'";
    }
    return t.periodicSchedule() == null
        ? ""
        : "every " + t.periodicSchedule().intervalSecond() + "s";
  }

  /** {@code skiff schedules list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "List schedules, oldest first.")
  static final class ListSchedules implements Callable<Integer> {
    @Option(names = "--limit", paramLabel = "N", description = "At most N (default 100).")
    int limit = 100;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: KFP's {\"recurringRuns\": [...], \"total_size\": n}.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      Limits.check(limit);
      PrintWriter out = spec.commandLine().getOut();
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        ListRecurringRunsResponse r = catalog.listRecurringRuns(limit, "");
        if (json) {
          out.println(ApiJson.write(r));
          return 0;
        }
        out.printf(
            "%-36s  %-24s  %-8s  %-24s  %s%n",
            "SCHEDULE ID", "NAME", "STATUS", "TRIGGER", "CREATED");
        for (RecurringRun s : r.recurringRuns()) {
          out.printf(
              "%-36s  %-24s  %-8s  %-24s  %s%n",
              s.recurringRunId(),
              GetCommand.truncate(s.displayName(), 24),
              s.status(),
              GetCommand.truncate(describe(s.trigger()), 24),
              s.createdAt().toString().substring(0, 19).replace('T', ' '));
        }
        return 0;
      }
    }
  }

  /** {@code skiff schedules get SCHEDULE}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Show a schedule.")
  static final class Get implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCHEDULE", description = "A schedule id or name.")
    String schedule;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: the KFP RecurringRun.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      PrintWriter out = spec.commandLine().getOut();
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        RecurringRun s = find(catalog, schedule);
        if (json) {
          out.println(ApiJson.write(s));
          return 0;
        }
        out.printf("id:              %s%n", s.recurringRunId());
        out.printf("name:            %s%n", s.displayName());
        out.printf("status:          %s%n", s.status());
        out.printf("trigger:         %s%n", describe(s.trigger()));
        out.printf("max concurrency: %s%n", s.maxConcurrency());
        out.printf("catch up:        %s%n", Boolean.TRUE.equals(s.noCatchup()) ? "no" : "yes");
        out.printf("experiment:      %s%n", s.experimentId());
        out.printf("created:         %s%n", s.createdAt());
        return 0;
      }
    }
  }

  /** Enable, disable or delete one schedule. */
  abstract static class Act implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SCHEDULE", description = "A schedule id or name.")
    String schedule;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "json: {} as the API answers.")
    String output;

    @Mixin HomeOptions home;

    @Mixin RemoteOptions remote;

    @Spec CommandSpec spec;

    abstract String act(CatalogClient catalog, String id);

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (CatalogClient catalog = RunClients.openCatalog(remote, home)) {
        RecurringRun s = find(catalog, schedule);
        String done = act(catalog, s.recurringRunId());
        spec.commandLine()
            .getOut()
            .println(
                json
                    ? "{}"
                    : done + " schedule " + s.displayName() + " (" + s.recurringRunId() + ")");
        return 0;
      }
    }
  }

  /** {@code skiff schedules enable SCHEDULE}. */
  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Enable a schedule: it fires from the next tick on (missed ones are skipped).")
  static final class Enable extends Act {
    @Override
    String act(CatalogClient catalog, String id) {
      catalog.enableRecurringRun(id);
      return "enabled";
    }
  }

  /** {@code skiff schedules disable SCHEDULE}. */
  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Disable a schedule: it fires no more until enabled.")
  static final class Disable extends Act {
    @Override
    String act(CatalogClient catalog, String id) {
      catalog.disableRecurringRun(id);
      return "disabled";
    }
  }

  /** {@code skiff schedules delete SCHEDULE}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Delete a schedule; the runs it made stay.")
  static final class Delete extends Act {
    @Override
    String act(CatalogClient catalog, String id) {
      catalog.deleteRecurringRun(id);
      return "deleted";
    }
  }
}
