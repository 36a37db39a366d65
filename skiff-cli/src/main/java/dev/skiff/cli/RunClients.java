package dev.skiff.cli;

import dev.skiff.server.ServerFile;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.ConfigLoader;
import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Picks where a run command goes:
 *
 * <ol>
 *   <li>{@code --server URL}: that server.
 *   <li>else, unless {@code --db} names a database: the server running on the home, when its {@code
 *       server.json} names a live process that answers {@code /healthz} (a server holds the home's
 *       embedded database for itself, so while {@code skiff up} runs, the CLI goes through it);
 *   <li>else the engine in this process, on the home's database.
 * </ol>
 *
 * The token is {@code --token}, else env {@code SKIFF_TOKEN}, else the one {@code skiff login}
 * stored for that server ({@link Credentials}), else, for a server on this machine, the home's
 * token file.
 */
final class RunClients {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private RunClients() {}

  static RunClient open(RemoteOptions remote, HomeOptions home, boolean allowOversubscribe) {
    return open(remote, home, allowOversubscribe, new PrintWriter(System.err, true));
  }

  /**
   * @param notices where a client says, in one line, that it waits (a busy server)
   */
  static RunClient open(
      RemoteOptions remote, HomeOptions home, boolean allowOversubscribe, PrintWriter notices) {
    Map<String, String> env = System.getenv();
    SkiffConfig config = ConfigLoader.load(home.overrides(), env);
    if (remote.server != null) {
      URI server = serverUrl(remote.server);
      return new HttpRunClient(server, token(remote, server, config.home(), env), notices);
    }
    if (home.dbUrl == null) {
      Optional<URI> running = runningServer(config.home());
      if (running.isPresent()) {
        return new HttpRunClient(
            running.get(), token(remote, running.get(), config.home(), env), notices);
      }
    }
    return new LocalRunClient(LocalEngine.open(config, allowOversubscribe));
  }

  /** The catalog (pipelines, experiments, runs), chosen as {@link #open} chooses. */
  static CatalogClient openCatalog(RemoteOptions remote, HomeOptions home) {
    Map<String, String> env = System.getenv();
    SkiffConfig config = ConfigLoader.load(home.overrides(), env);
    if (remote.server != null) {
      URI server = serverUrl(remote.server);
      return new HttpCatalogClient(server, token(remote, server, config.home(), env));
    }
    if (home.dbUrl == null) {
      Optional<URI> running = runningServer(config.home());
      if (running.isPresent()) {
        return new HttpCatalogClient(
            running.get(), token(remote, running.get(), config.home(), env));
      }
    }
    return new LocalCatalogClient(LocalEngine.open(config, false), config.api().catalogSettings());
  }

  /** The server that runs on {@code home}, when one does and answers. */
  static Optional<URI> runningServer(Path home) {
    return ServerFile.read(home)
        .filter(ServerFile::processAlive)
        .map(ServerFile::url)
        .filter(RunClients::answers);
  }

  private static boolean answers(URI url) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build()) {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(url.resolve("/healthz")).timeout(PROBE_TIMEOUT).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException | IllegalArgumentException e) {
      return false; // stale file: the process id now belongs to something else
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * A server for the commands that only a server can answer (profiles, members, tokens, audit,
   * whoami): {@code --server}, else the one running on the home, else the only one {@code skiff
   * login} stored a token for.
   *
   * @throws UsageError when there is none, saying how to get one
   */
  static ServerHttp openServer(RemoteOptions remote, Path homeOverride) {
    Map<String, String> env = System.getenv();
    Path home = homeFolder(homeOverride, env);
    URI server = serverFor(remote, home, env);
    return new ServerHttp(server, token(remote, server, home, env));
  }

  /** The server {@link #openServer} talks to. */
  static URI serverFor(RemoteOptions remote, Path home, Map<String, String> env) {
    if (remote.server != null) {
      return serverUrl(remote.server);
    }
    Optional<URI> running = runningServer(home);
    if (running.isPresent()) {
      return running.get();
    }
    var stored = Credentials.of(env).read().servers();
    if (stored.size() == 1) {
      return URI.create(stored.keySet().iterator().next());
    }
    throw new UsageError(
        "this command needs a Skiff server: start one with 'skiff up' or 'skiff server', or pass"
            + " --server URL (after 'skiff login --server URL')"
            + (stored.isEmpty() ? "" : "; signed in to: " + String.join(", ", stored.keySet())));
  }

  /** The home folder: {@code --home}, else {@code SKIFF_HOME}, else {@code ~/.skiff}. */
  static Path homeFolder(Path homeOverride, Map<String, String> env) {
    return ConfigLoader.load(
            new ConfigLoader.Overrides(homeOverride, null, null, null, null, null, null), env)
        .home();
  }

  /**
   * The token for {@code server}, in the order the class comment gives; null when there is none.
   */
  static String token(RemoteOptions remote, URI server, Path home, Map<String, String> env) {
    if (remote.token != null && !remote.token.isBlank()) {
      return remote.token.strip();
    }
    String fromEnv = env.get("SKIFF_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    Optional<Credentials.Entry> stored = Credentials.of(env).find(server);
    if (stored.isPresent()) {
      return stored.get().token();
    }
    if (!onThisMachine(server)) {
      // The home's token opens the local server only: never send it elsewhere.
      return null;
    }
    try {
      // No token at all is allowed: the server then answers 401, which says what to do.
      return TokenFile.read(home).orElse(null);
    } catch (IOException e) {
      throw new UsageError("cannot read the token " + TokenFile.path(home) + ": " + e.getMessage());
    }
  }

  private static boolean onThisMachine(URI server) {
    String host = server.getHost();
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(java.util.Locale.ROOT);
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  /** A {@code --server} value, checked. */
  static URI serverUrl(String text) {
    try {
      URI uri = new URI(text.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // answered below
    }
    throw new UsageError(
        "--server must be an http:// or https:// URL such as http://127.0.0.1:8080, got '"
            + text
            + "'");
  }
}
