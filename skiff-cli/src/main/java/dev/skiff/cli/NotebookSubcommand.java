package dev.skiff.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * What every {@code skiff notebooks} subcommand has: the server it talks to, the profile ({@code
 * --profile}, else the caller's default) and {@code -o json}. Notebook servers run in a Skiff
 * server, so without one these commands say how to start it (exit 2).
 */
abstract class NotebookSubcommand extends IdentitySubcommand {
  /** What the commands answer when no server can be found. */
  static final String NO_SERVER =
      "notebooks need a running Skiff server: start one with 'skiff up' (or pass --server URL)";

  @Option(
      names = {"-p", "--profile"},
      paramLabel = "PROFILE",
      description = "The profile (default: yours, as 'skiff whoami' shows).")
  String profile;

  /** A client of the server, or the one-line error saying that notebooks need one. */
  NotebookClient open() {
    Map<String, String> env = System.getenv();
    Path home = RunClients.homeFolder(target.home, env);
    if (target.remote.server == null
        && RunClients.runningServer(home).isEmpty()
        && Credentials.of(env).read().servers().size() != 1) {
      throw new UsageError(NO_SERVER);
    }
    return new NotebookClient(RunClients.openServer(target.remote, target.home));
  }

  /** The profile the command acts in. */
  String profile(NotebookClient client) {
    if (profile != null && !profile.isBlank()) {
      return profile.strip();
    }
    String own = client.defaultProfile();
    if (own == null || own.isBlank()) {
      throw new UsageError("you have no default profile: name one with --profile");
    }
    return own;
  }

  /**
   * Where the notebook's workspace is, for messages: the folder on this machine when the server
   * runs on this home, else its place under the server's home.
   */
  String workspace(NotebookClient client, String p, String name) {
    Path home = RunClients.homeFolder(target.home, System.getenv());
    Optional<URI> local = RunClients.runningServer(home);
    String rel = "workspaces/" + p + "/" + name;
    if (local.isPresent() && local.get().toString().replaceAll("/+$", "").equals(client.server())) {
      return home.resolve(rel).toString();
    }
    return "$SKIFF_HOME/" + rel + " on the server's machine";
  }
}
