package dev.skiff.cli;

import dev.skiff.api.ApiJson;
import dev.skiff.api.v1.NotebookJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code skiff notebooks create|list|get|stop|start|delete|open|logs}: notebook servers (Jupyter)
 * of a profile on a running server, as {@code /api/v1/profiles/{profile}/notebooks} serves them.
 */
@Command(
    name = "notebooks",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = {
      "Create, list, stop, start, open and delete notebook servers (Jupyter) of a profile.",
      "Needs a running server ('skiff up', or --server URL after 'skiff login')."
    },
    subcommands = {
      NotebooksCommand.Create.class,
      NotebooksCommand.ListNotebooks.class,
      NotebooksCommand.Get.class,
      NotebooksCommand.Stop.class,
      NotebooksCommand.Start.class,
      NotebooksCommand.Delete.class,
      NotebooksCommand.Open.class,
      NotebooksCommand.Logs.class
    },
    commandListHeading = "%nCommands:%n")
final class NotebooksCommand {
  private NotebooksCommand() {}

  /** {@code skiff notebooks create NAME ...}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Create a notebook server and start it; prints its URL.",
        "It is Pending until its resources are free and Jupyter answers (--wait waits for that)."
      })
  static final class Create extends NotebookSubcommand {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        description = "Lowercase letters, digits and '-', starting with a letter, at most 63.")
    String name;

    @Option(
        names = "--environment",
        paramLabel = "ENV",
        description = "An environment the server offers (default: the first available).")
    String environment;

    @Option(
        names = "--cpu",
        paramLabel = "CPUS",
        description = "CPU cores, e.g. 0.5, 2 or 500m (default: the environment's).")
    String cpu;

    @Option(
        names = "--memory",
        paramLabel = "SIZE",
        description = "Memory, e.g. 1Gi, 512Mi or 2G (default: the environment's).")
    String memory;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs, assigned exclusively.")
    int gpus;

    @Option(
        names = "--gpu-vendor",
        paramLabel = "KEY",
        description = "The GPUs' resource key (default: nvidia.com/gpu).")
    String gpuVendor = "nvidia.com/gpu";

    @Option(
        names = "--env",
        paramLabel = "NAME=VALUE",
        description = "An environment variable of the server (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(
        names = "--volume",
        paramLabel = "NAME[:MOUNT]",
        description =
            "A data volume of the profile, shown at MOUNT in the workspace (default: its name;"
                + " repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(
        names = "--configuration",
        paramLabel = "NAME",
        description = "A configuration the administrator defined (repeatable).")
    List<String> configurations = new ArrayList<>();

    @Option(names = "--wait", description = "Wait until it runs (or fails).")
    boolean waitForIt;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description = "How long --wait waits, e.g. 90s or 5m (default 5m).")
    String timeout = "5m";

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      Duration limit = waitForIt ? NotebookLines.duration("--timeout", timeout) : Duration.ZERO;
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      if (environment != null) {
        body.put("environment", environment);
      }
      if (cpu != null) {
        body.put("cpu", cpu.strip());
      }
      if (memory != null) {
        body.put("memory", memory.strip());
      }
      if (gpus != 0) {
        body.put("gpus", Map.of("vendor", gpuVendor, "num", gpus));
      }
      body.put("env", NotebookLines.variables(env));
      body.put("datavols", NotebookLines.volumes(volumes));
      body.put("configurations", configurations);
      try (NotebookClient client = open()) {
        String p = profile(client);
        NotebookJson.Notebook made = client.create(p, body);
        if (waitForIt) {
          made = NotebookLines.settle(client, p, name, limit, "Running");
        }
        if (json) {
          out().println(ApiJson.write(made));
        } else {
          out().println(client.url(made.url()));
        }
        return NotebookLines.failedOrZero(made);
      }
    }
  }

  /** {@code skiff notebooks list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "List the profile's notebook servers.",
        "-o json gives each one's name, status (Pending, Running, Stopping, Stopped, Failed),"
            + " reason and full URL."
      })
  static final class ListNotebooks extends NotebookSubcommand {
    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (NotebookClient client = open()) {
        String p = profile(client);
        List<NotebookJson.Notebook> all = client.list(p).notebooks();
        if (json) {
          List<NotebookLines.Row> rows =
              all.stream().map(n -> NotebookLines.Row.of(client, n)).toList();
          out().println(ApiJson.write(Map.of("notebooks", rows)));
          return 0;
        }
        out()
            .printf(
                "%-24s  %-8s  %-14s  %5s  %-9s  %4s  %s%n",
                "NAME", "STATUS", "ENVIRONMENT", "CPU", "MEMORY", "GPUS", "URL");
        for (NotebookJson.Notebook n : all) {
          out()
              .printf(
                  "%-24s  %-8s  %-14s  %5s  %-9s  %4d  %s%n",
                  n.name(),
                  n.status().phase(),
                  GetCommand.truncate(n.environment(), 14),
                  NotebookLines.cores(n.cpu()),
                  ProfilesCommand.bytes(Long.toString(n.memory())),
                  n.gpus() == null ? 0 : n.gpus().num(),
                  client.url(n.url()));
        }
        return 0;
      }
    }
  }

  /** {@code skiff notebooks get NAME}. */
  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Show a notebook server: status, resources, URL and its latest events.")
  static final class Get extends NotebookSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The notebook.")
    String name;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (NotebookClient client = open()) {
        String p = profile(client);
        NotebookJson.Notebook n = client.get(p, name);
        if (json) {
          out().println(ApiJson.write(n));
          return 0;
        }
        NotebookLines.show(client, n, out());
        List<NotebookJson.Event> events = client.events(p, name).events();
        if (!events.isEmpty()) {
          out().println("events:");
          for (NotebookJson.Event e :
              events.subList(Math.max(0, events.size() - 10), events.size())) {
            out()
                .printf(
                    "  %s  %-7s  %-10s  %s%n",
                    ServerTarget.time(e.time()), e.type(), e.reason(), e.message());
          }
        }
        return 0;
      }
    }
  }

  /** {@code skiff notebooks stop NAME}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Stop a notebook server; its workspace is kept ('start' runs it again).")
  static final class Stop extends NotebookSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The notebook.")
    String name;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (NotebookClient client = open()) {
        NotebookJson.Notebook n = client.setStopped(profile(client), name, true);
        out().println(json ? ApiJson.write(n) : "stopping notebook " + n.name());
        return 0;
      }
    }
  }

  /** {@code skiff notebooks start NAME}. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Start a stopped (or failed) notebook server; prints its URL.")
  static final class Start extends NotebookSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The notebook.")
    String name;

    @Option(names = "--wait", description = "Wait until it runs (or fails).")
    boolean waitForIt;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        description = "How long --wait waits (default 5m).")
    String timeout = "5m";

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      Duration limit = waitForIt ? NotebookLines.duration("--timeout", timeout) : Duration.ZERO;
      try (NotebookClient client = open()) {
        String p = profile(client);
        NotebookJson.Notebook n = client.setStopped(p, name, false);
        if (waitForIt) {
          n = NotebookLines.settle(client, p, name, limit, "Running");
        }
        out().println(json ? ApiJson.write(n) : client.url(n.url()));
        return NotebookLines.failedOrZero(n);
      }
    }
  }

  /** {@code skiff notebooks delete NAME}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Delete a notebook server (no process is left).",
        "Its workspace is kept unless --delete-workspace is given."
      })
  static final class Delete extends NotebookSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The notebook.")
    String name;

    @Option(
        names = "--delete-workspace",
        description = "Also delete its workspace folder (the files in it are lost).")
    boolean deleteWorkspace;

    @Option(names = "--yes", description = "Do not ask before deleting the workspace.")
    boolean yes;

    @Override
    public Integer call() {
      boolean json = OutputFormat.isJson(output);
      try (NotebookClient client = open()) {
        String p = profile(client);
        if (deleteWorkspace
            && !yes
            && !Terminal.confirm("Delete notebook " + name + " and every file in its workspace?")) {
          throw new UsageError(
              "--delete-workspace deletes the files in notebook "
                  + name
                  + "'s workspace: confirm with --yes");
        }
        client.delete(p, name, deleteWorkspace);
        if (json) {
          out().println("{}");
        } else if (deleteWorkspace) {
          out().println("deleted notebook " + name + " and its workspace");
        } else {
          out()
              .println(
                  "deleted notebook "
                      + name
                      + "; its workspace was kept: "
                      + workspace(client, p, name));
        }
        return 0;
      }
    }
  }

  /** {@code skiff notebooks open NAME}. */
  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = {
        "Open a notebook server in the browser (prints its URL).",
        "A browser that is not signed in is sent to sign in first ('skiff open' prints a"
            + " sign-in link on this machine)."
      })
  static final class Open extends NotebookSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The notebook.")
    String name;

    @Option(names = "--no-browser", description = "Only print the URL.")
    boolean noBrowser;

    @Override
    public Integer call() {
      try (NotebookClient client = open()) {
        NotebookJson.Notebook n = client.get(profile(client), name);
        String link = client.url(n.url());
        out().println(link);
        if (!n.status().phase().equals("Running")) {
          spec.commandLine()
              .getErr()
              .println(
                  "notebook "
                      + name
                      + " is "
                      + n.status().phase()
                      + (n.status().message().isBlank() ? "" : ": " + n.status().message())
                      + " (start it with 'skiff notebooks start "
                      + name
                      + "')");
        }
        out().flush();
        if (!noBrowser) {
          try {
            new ProcessBuilder("xdg-open", link).redirectErrorStream(true).start();
          } catch (IOException e) {
            // no desktop here: the printed URL is enough
          }
        }
        return 0;
      }
    }
  }

  /** {@code skiff notebooks logs NAME [-f]}. */
  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      versionProvider = SkiffCommand.VersionProvider.class,
      description = "Print a notebook server's log (Jupyter's output); -f follows it.")
  static final class Logs extends NotebookSubcommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The notebook.")
    String name;

    @Option(
        names = {"-f", "--follow"},
        description = "Keep printing what it writes until it stops.")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
      try (NotebookClient client = open()) {
        String p = profile(client);
        long offset = 0;
        while (true) {
          NotebookJson.Log piece = client.logs(p, name, offset);
          out().print(piece.text());
          out().flush();
          boolean more = piece.nextOffset() > offset;
          offset = piece.nextOffset();
          if (more) {
            continue; // read on at once while there is more
          }
          if (!follow) {
            return 0;
          }
          String phase = client.get(p, name).status().phase();
          if (phase.equals("Stopped") || phase.equals("Failed")) {
            NotebookJson.Log rest = client.logs(p, name, offset);
            out().print(rest.text());
            out().flush();
            return 0;
          }
          Thread.sleep(1000);
        }
      }
    }
  }
}
