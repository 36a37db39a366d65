package dev.skiff.cli;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skiff logout}: revokes the token {@code skiff login} stored for a server (on the server,
 * so that a copy of it stops working too) and removes it from {@link Credentials}. A server that
 * cannot be reached does not keep the token on this machine: it is removed, and the command says
 * how to revoke it later.
 */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    versionProvider = SkiffCommand.VersionProvider.class,
    description = "Sign the CLI out of a server: revoke its stored token there and forget it here.")
final class LogoutCommand implements Callable<Integer> {
  @Option(
      names = "--server",
      paramLabel = "URL",
      description = {
        "The server. Default: the server running on the home, else the only server signed in",
        "to."
      })
  String server;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Skiff home whose running server to use (default ~/.skiff; env SKIFF_HOME).")
  Path home;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    RemoteOptions remote = new RemoteOptions();
    remote.server = server;
    URI url = RunClients.serverFor(remote, RunClients.homeFolder(home, env), env);
    Credentials credentials = Credentials.of(env);
    Optional<Credentials.Entry> stored = credentials.find(url);
    if (stored.isEmpty()) {
      spec.commandLine()
          .getOut()
          .println("not signed in to " + Credentials.key(url) + "; nothing to do");
      return 0;
    }
    String id = TokensCommand.idOf(stored.get().token());
    String revoked = id == null ? "" : revoke(url, stored.get().token(), id);
    credentials.remove(url);
    spec.commandLine().getOut().println("signed out of " + Credentials.key(url) + revoked);
    return 0;
  }

  /** Revokes the token with itself; what to add to the message. */
  private String revoke(URI url, String token, String id) {
    try (ServerHttp http = new ServerHttp(url, token)) {
      HttpResponse<String> r = http.delete("/api/v1/tokens/" + ServerHttp.segment(id));
      if (r.statusCode() / 100 == 2) {
        return " (token " + id + " revoked)";
      }
      if (r.statusCode() == 401 || r.statusCode() == 404) {
        return " (token "
            + id
            + " no longer worked: "
            + ServerHttp.detail(r.body()).orElse("")
            + ")";
      }
      warn(id, "the server answered " + r.statusCode());
    } catch (CommandFailure e) {
      warn(id, e.getMessage());
    }
    return "";
  }

  private void warn(String id, String why) {
    spec.commandLine()
        .getErr()
        .println(
            "skiff: could not revoke token "
                + id
                + " on the server ("
                + why
                + "); it works until it expires or 'skiff tokens revoke "
                + id
                + "' revokes it");
    spec.commandLine().getErr().flush();
  }
}
