package dev.skiff.cli;

import dev.skiff.engine.retention.RetentionPolicy;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.Database;
import dev.skiff.store.ProfileRetention;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skiff retention show|set|unset}: the retention settings, server-wide (from skiff.yaml) and
 * each profile's own, which override the server-wide ones field by field.
 */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Show or change how long runs and step logs are kept, per profile.",
    subcommands = {
      RetentionCommand.Show.class,
      RetentionCommand.Set.class,
      RetentionCommand.Unset.class
    },
    commandListHeading = "%nCommands:%n")
final class RetentionCommand {

  /** {@code skiff retention show}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Print the server-wide settings and each profile's own.")
  static final class Show implements Callable<Integer> {
    @Mixin HomeOptions home;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SkiffConfig config = ConfigLoader.load(home.overrides(), System.getenv());
      RetentionPolicy serverWide = config.retention().policy();
      PrintWriter out = spec.commandLine().getOut();
      try (Database db = HomeDatabase.open(config, "skiff retention show")) {
        out.printf("server-wide: %s (retention.* in skiff.yaml)%n", serverWide.describe());
        String row = "%-20s  %-8s  %-8s  %-17s  %s%n";
        var overrides = db.retention().list();
        if (!overrides.isEmpty()) {
          out.printf(row, "PROFILE", "RUN DAYS", "LOG DAYS", "RUNS PER PIPELINE", "IN EFFECT");
          for (ProfileRetention p : overrides) {
            out.printf(
                row,
                p.profile(),
                shown(p.runDays()),
                shown(p.logDays()),
                shown(p.runsPerPipeline()),
                serverWide.with(p).describe());
          }
        }
        out.flush();
        return 0;
      }
    }

    private static String shown(Integer v) {
      return v == null ? "-" : v.toString();
    }
  }

  /** {@code skiff retention set PROFILE --run-days N ...}. */
  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Give a profile its own settings; the ones not given keep the profile's current value or"
            + " the server-wide one. 0 means no limit."
      })
  static final class Set implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROFILE", description = "The profile's name.")
    String profile;

    @Option(names = "--run-days", paramLabel = "N", description = "Keep finished runs N days.")
    Integer runDays;

    @Option(names = "--log-days", paramLabel = "N", description = "Keep step logs N days.")
    Integer logDays;

    @Option(
        names = "--runs-per-pipeline",
        paramLabel = "N",
        description = "Keep the newest N finished runs of each pipeline.")
    Integer runsPerPipeline;

    @Mixin HomeOptions home;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (runDays == null && logDays == null && runsPerPipeline == null) {
        throw new UsageError("give at least one of --run-days, --log-days, --runs-per-pipeline");
      }
      SkiffConfig config = ConfigLoader.load(home.overrides(), System.getenv());
      try (Database db = HomeDatabase.open(config, "skiff retention set")) {
        Optional<ProfileRetention> now = db.retention().find(profile);
        ProfileRetention next;
        try {
          next =
              new ProfileRetention(
                  profile,
                  runDays != null ? runDays : now.map(ProfileRetention::runDays).orElse(null),
                  logDays != null ? logDays : now.map(ProfileRetention::logDays).orElse(null),
                  runsPerPipeline != null
                      ? runsPerPipeline
                      : now.map(ProfileRetention::runsPerPipeline).orElse(null));
        } catch (IllegalArgumentException e) {
          throw new UsageError(e.getMessage());
        }
        if (!db.retention().put(next)) {
          throw new UsageError("no profile '" + profile + "'");
        }
        spec.commandLine()
            .getOut()
            .printf("profile %s: %s%n", profile, config.retention().policy().with(next).describe());
        return 0;
      }
    }
  }

  /** {@code skiff retention unset PROFILE}. */
  @Command(
      name = "unset",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Remove a profile's own settings: the server-wide ones apply to it again.")
  static final class Unset implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROFILE", description = "The profile's name.")
    String profile;

    @Mixin HomeOptions home;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      SkiffConfig config = ConfigLoader.load(home.overrides(), System.getenv());
      try (Database db = HomeDatabase.open(config, "skiff retention unset")) {
        boolean had = db.retention().remove(profile);
        spec.commandLine()
            .getOut()
            .printf(
                had
                    ? "profile %s: its own settings are gone; %s%n"
                    : "profile %s has no settings of its own; %s%n",
                profile,
                config.retention().policy().describe());
        return 0;
      }
    }
  }
}
