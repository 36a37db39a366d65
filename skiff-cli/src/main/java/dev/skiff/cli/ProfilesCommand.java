package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v1.IdentityJson;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skiff profiles list|get|create|delete|quota}: profiles (workspaces) on a server, as {@code
 * /api/v1/profiles} serves them.
 */
@Command(
    name = "profiles",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "List, show, create and delete profiles (workspaces: their runs, pipelines and schedules),",
      "and set their quotas. Needs a server ('skiff up', or --server URL after 'skiff login')."
    },
    subcommands = {
      ProfilesCommand.ListProfiles.class,
      ProfilesCommand.Get.class,
      ProfilesCommand.Create.class,
      ProfilesCommand.Delete.class,
      ProfilesCommand.Quota.class
    },
    commandListHeading = "%nCommands:%n")
final class ProfilesCommand {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final long KIB = 1L << 10;

  /** The options every profiles command has. */
  abstract static class Base extends IdentitySubcommand {}

  /** {@code skiff profiles list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "List the profiles you are a member of (platform administrators: all).")
  static final class ListProfiles extends Base {
    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        IdentityJson.ProfileList list = client.profiles();
        if (json) {
          out().println(ApiJson.write(list));
          return 0;
        }
        out()
            .printf(
                "%-32s  %-6s  %-24s  %-19s  %s%n",
                "NAME", "ROLE", "OWNER", "CREATED", "DESCRIPTION");
        for (IdentityJson.Profile p : list.profiles()) {
          out()
              .printf(
                  "%-32s  %-6s  %-24s  %-19s  %s%n",
                  p.name(),
                  p.role(),
                  GetCommand.truncate(p.owner(), 24),
                  ServerTarget.time(p.createdAt()),
                  GetCommand.truncate(p.description() == null ? "" : p.description(), 40));
        }
        return 0;
      }
    }
  }

  /** {@code skiff profiles get NAME}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Show a profile: owner, your role, quota.")
  static final class Get extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "The profile.")
    String name;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        show(client.profile(name), json, out());
        return 0;
      }
    }
  }

  /** {@code skiff profiles create NAME}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Create a profile; you own it.")
  static final class Create extends Base {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "A DNS label: lowercase letters, digits and '-', at most 63.")
    String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "What it is for.")
    String description;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (IdentityClient client = target.open()) {
        IdentityJson.Profile p = client.createProfile(name, description);
        out().println(json ? ApiJson.write(p) : "created profile " + p.name());
        return 0;
      }
    }
  }

  /** {@code skiff profiles delete NAME}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Delete a profile with its runs, artifacts and schedules (its owner only).")
  static final class Delete extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "The profile.")
    String name;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      if (!yes
          && !Terminal.confirm(
              "Delete profile " + name + " with all its runs, artifacts and schedules?")) {
        throw new UsageError(
            "deleting profile "
                + name
                + " removes its runs, artifacts and schedules: confirm with --yes");
      }
      try (IdentityClient client = target.open()) {
        client.deleteProfile(name);
        out().println(json ? "{}" : "deleted profile " + name);
        return 0;
      }
    }
  }

  /** {@code skiff profiles quota NAME [--steps N ...]}. */
  @Command(
      name = "quota",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Show a profile's quota, or change it (platform administrators). Limits not named stay",
        "as they are; 'unlimited' removes one. Steps over the quota wait, queued."
      })
  static final class Quota extends Base {
    @Parameters(index = "0", paramLabel = "NAME", description = "The profile.")
    String name;

    @Option(names = "--steps", paramLabel = "N", description = "Steps running at once.")
    String steps;

    @Option(names = "--cpu", paramLabel = "CPUS", description = "CPUs in all, e.g. 4 or 500m.")
    String cpu;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory in all, e.g. 8Gi.")
    String memory;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs in all.")
    String gpus;

    @Option(names = "--notebooks", paramLabel = "N", description = "Notebook servers.")
    String notebooks;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      Integer stepsLimit = count("--steps", steps);
      Integer gpusLimit = count("--gpus", gpus);
      Integer notebooksLimit = count("--notebooks", notebooks);
      try (IdentityClient client = target.open()) {
        IdentityJson.Profile p = client.profile(name);
        if (steps != null || cpu != null || memory != null || gpus != null || notebooks != null) {
          IdentityJson.Quota now =
              p.quota() == null ? new IdentityJson.Quota(null, null, null, null, null) : p.quota();
          p =
              client.setQuota(
                  name,
                  new IdentityJson.Quota(
                      steps == null ? now.steps() : stepsLimit,
                      cpu == null ? now.cpu() : quantity(cpu),
                      memory == null ? now.memory() : quantity(memory),
                      gpus == null ? now.gpus() : gpusLimit,
                      notebooks == null ? now.notebooks() : notebooksLimit));
        }
        show(p, json, out());
        return 0;
      }
    }

    /** A whole-number limit: null for "unlimited". */
    private static Integer count(String option, String value) {
      if (value == null || unlimited(value)) {
        return null;
      }
      try {
        int n = Integer.parseInt(value.strip());
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw new UsageError(
          option + " must be a whole number from 0, or 'unlimited', got '" + value + "'");
    }

    /** A quantity as the server reads it (it checks the syntax): null for "unlimited". */
    private static String quantity(String value) {
      return unlimited(value) ? null : value.strip();
    }

    private static boolean unlimited(String value) {
      String v = value.strip().toLowerCase(Locale.ROOT);
      return v.equals("unlimited") || v.equals("none");
    }
  }

  /** A profile as {@code get} and {@code quota} print it. */
  static void show(IdentityJson.Profile p, boolean json, PrintWriter out) {
    if (json) {
      out.println(ApiJson.write(p));
      return;
    }
    IdentityJson.Quota q =
        p.quota() == null ? new IdentityJson.Quota(null, null, null, null, null) : p.quota();
    out.printf("name:        %s%n", p.name());
    out.printf("owner:       %s%n", p.owner());
    out.printf("your role:   %s%n", p.role());
    out.printf("created:     %s%n", ServerTarget.time(p.createdAt()));
    out.printf("description: %s%n", p.description() == null ? "" : p.description());
    out.printf(
        "quota:       steps %s, cpu %s, memory %s, gpus %s, notebooks %s%n",
        limit(q.steps()), cpus(q.cpu()), bytes(q.memory()), limit(q.gpus()), limit(q.notebooks()));
  }

  private static String limit(Integer n) {
    return n == null ? "unlimited" : n.toString();
  }

  /** "4000m" as 4, "500m" as it is. */
  static String cpus(String millis) {
    if (millis == null) {
      return "unlimited";
    }
    if (millis.endsWith("m")) {
      try {
        long m = Long.parseLong(millis.substring(0, millis.length() - 1));
        return m % 1000 == 0 ? Long.toString(m / 1000) : millis;
      } catch (NumberFormatException e) {
        return millis;
      }
    }
    return millis;
  }

  /** A byte count in the largest binary unit that divides it: 8589934592 as 8Gi. */
  static String bytes(String count) {
    if (count == null) {
      return "unlimited";
    }
    try {
      long b = Long.parseLong(count);
      if (b > 0 && b % GIB == 0) {
        return b / GIB + "Gi";
      }
      if (b > 0 && b % MIB == 0) {
        return b / MIB + "Mi";
      }
      if (b > 0 && b % KIB == 0) {
        return b / KIB + "Ki";
      }
      return count;
    } catch (NumberFormatException e) {
      return count;
    }
  }
}
