package dev.skiff.cli;

import dev.skiff.engine.retention.RetentionPolicy;
import dev.skiff.engine.retention.RetentionSweeper;
import dev.skiff.engine.retention.SweepReport;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.FinishedRun;
import dev.skiff.store.ProfileRetention;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skiff gc [--dry-run]}: applies retention now, as a server does periodically. Runs in
 * progress are never touched, nor runs whose outputs runs that stay reuse through the cache.
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Delete the finished runs and step logs that the retention settings let go.",
      "Settings: retention.runDays, retention.logDays and retention.runsPerPipeline in skiff.yaml"
          + " (0 or unset: no limit), each profile's own ('skiff retention'), or the flags below"
          + " for this once. Runs in progress, and runs whose outputs kept runs reuse through the"
          + " cache, always stay."
    })
final class GcCommand implements Callable<Integer> {
  @Option(names = "--dry-run", description = "Print what would go, with its size; change nothing.")
  boolean dryRun;

  @Option(
      names = "--run-days",
      paramLabel = "N",
      description = "Delete finished runs older than N days (instead of retention.runDays).")
  Integer runDays;

  @Option(
      names = "--log-days",
      paramLabel = "N",
      description = "Delete step logs of runs finished over N days ago (retention.logDays).")
  Integer logDays;

  @Option(
      names = "--runs-per-pipeline",
      paramLabel = "N",
      description = "Keep the newest N finished runs of each pipeline (retention.runsPerPipeline).")
  Integer runsPerPipeline;

  @Mixin HomeOptions home;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    SkiffConfig config = ConfigLoader.load(home.overrides(), System.getenv());
    RetentionPolicy policy = policy(config.retention().policy());
    HomeDatabase.refuseBesideServer(config, "skiff gc");
    PrintWriter out = spec.commandLine().getOut();
    try (LocalEngine local = LocalEngine.open(config, false)) {
      RetentionSweeper sweeper = local.engine().retention(policy, local.database().retention());
      out.printf("retention: %s%n", policy.describe());
      for (ProfileRetention p : local.database().retention().list()) {
        out.printf("  profile %s: %s%n", p.profile(), sweeper.policyOf(p.profile()).describe());
      }
      int failures = 0;
      SweepReport r;
      do {
        r = sweeper.sweep(dryRun);
        print(r, out);
        failures += r.failures().size();
      } while (!dryRun && r.more() && !(r.runs().isEmpty() && r.logs().isEmpty()));
      out.flush();
      return failures == 0 ? 0 : Main.EXIT_FAILURE;
    }
  }

  /** The configured policy with the flags given here in its place. */
  private RetentionPolicy policy(RetentionPolicy configured) {
    try {
      return new RetentionPolicy(
          runDays == null ? configured.runDays() : runDays,
          logDays == null ? configured.logDays() : logDays,
          runsPerPipeline == null ? configured.runsPerPipeline() : runsPerPipeline);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  private static void print(SweepReport r, PrintWriter out) {
    String row = "%-36s  %-12s  %-24s  %-20s  %-5s  %10s  %10s%n";
    if (!r.runs().isEmpty()) {
      out.printf(row, "RUN", "PROFILE", "PIPELINE", "FINISHED", "RULE", "LOGS", "ARTIFACTS");
      for (SweepReport.DeletedRun d : r.runs()) {
        out.printf(
            row,
            d.run().id(),
            profile(d.run()),
            d.run().pipelineName(),
            finished(d.run()),
            d.reason() == SweepReport.Reason.AGE ? "age" : "count",
            SweepReport.bytes(d.footprint().logBytes()),
            SweepReport.bytes(d.footprint().artifactBytes()));
      }
    }
    if (!r.logs().isEmpty()) {
      String logRow = "%-36s  %-12s  %-24s  %-20s  %10s%n";
      out.printf(logRow, "LOGS OF RUN", "PROFILE", "PIPELINE", "FINISHED", "LOGS");
      for (SweepReport.DeletedLogs l : r.logs()) {
        out.printf(
            logRow,
            l.run().id(),
            profile(l.run()),
            l.run().pipelineName(),
            finished(l.run()),
            SweepReport.bytes(l.bytes()));
      }
    }
    for (FinishedRun k : r.keptForCache()) {
      out.printf("kept %s: runs that stay reuse its outputs through the cache%n", k.id());
    }
    for (String f : r.failures()) {
      out.printf("cannot delete %s%n", f);
    }
    out.println(r.summary());
  }

  private static String finished(FinishedRun r) {
    return r.finishedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static String profile(FinishedRun r) {
    return r.profile().isEmpty() ? "-" : r.profile();
  }
}
