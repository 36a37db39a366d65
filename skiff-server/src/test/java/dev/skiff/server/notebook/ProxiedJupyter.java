package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.notebook.NotebookEndpoint;
import dev.skiff.engine.notebook.NotebookStatus;
import dev.skiff.engine.notebook.Notebooks;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.ApiTokens;
import dev.skiff.server.auth.BrowserSessions;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import dev.skiff.store.identity.Session;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Skiff server (local mode, H2, Skiff's authentication) with the notebook proxy in front of
 * a real Jupyter Notebook server, and a team: profile {@value #TEAM} is alice's, with eddie (edit)
 * and vera (view); oscar has only his own. Notebook {@code nb1} runs (the Jupyter server), {@code
 * nb2} is stopped and {@code nb3} pending; {@code echo} is an {@link EchoServer}. Skips the test
 * where Debian's Jupyter is missing.
 */
final class ProxiedJupyter implements AutoCloseable {
  static final String TEAM = "team-a";
  static final String ALICE = "alice@example.com";
  static final String EDDIE = "eddie@example.com";
  static final String VERA = "vera@example.com";
  static final String OSCAR = "oscar@example.com";

  final JupyterProcess jupyter;
  final EchoServer echo;

  /** What the proxy looks notebooks up in: the test double (above) unless a test sets another. */
  final SkiffServer server;

  final Map<String, String> tokens = new HashMap<>();
  final String origin;
  private final HttpClient http = HttpClient.newHttpClient();

  ProxiedJupyter(Path home, Path jupyterDir) throws Exception {
    String missing = JupyterProcess.unavailable();
    Assumptions.assumeTrue(missing == null, () -> "skipped: Jupyter is not installed: " + missing);
    jupyter = new JupyterProcess(jupyterDir, TEAM, "nb1");
    NotebooksDouble notebooks = new NotebooksDouble();
    notebooks.running(TEAM, "nb1", new NotebookEndpoint(jupyter.base, jupyter.token));
    notebooks.notRunning(TEAM, "nb2", NotebookStatus.STOPPED, "stopped by alice@example.com");
    notebooks.notRunning(TEAM, "nb3", NotebookStatus.PENDING, "waiting for 1 GPU: 0 of 0 free");
    echo = new EchoServer(TEAM, "echo");
    notebooks.running(TEAM, "echo", new NotebookEndpoint(echo.base, EchoServer.TOKEN));

    AuthSettings auth =
        new AuthSettings(
            AuthSettings.Mode.LOCAL,
            null,
            Set.of(System.getProperty("user.name")),
            Set.of(),
            Set.of(),
            Set.of(),
            AuthSettings.DEFAULT_SESSION_TTL,
            AuthSettings.DEFAULT_TOKEN_TTL,
            null,
            null,
            null);
    SkiffConfig config =
        new SkiffConfig(
            home,
            new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
            new SkiffConfig.Database(null, null, null),
            new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
            ArtifactStoreConfig.LOCAL,
            SkiffConfig.Retention.DEFAULT,
            SkiffConfig.Api.DEFAULTS,
            auth);
    server = SkiffServer.start(config);
    serve(notebooks);
    origin = "http://127.0.0.1:" + server.port();

    ApiTokens apiTokens = new ApiTokens(server.database().identity().tokens(), Clock.systemUTC());
    for (String user : List.of(ALICE, EDDIE, VERA, OSCAR)) {
      tokens.put(
          user, apiTokens.create(user, "proxy-test", null, null, Duration.ofDays(1)).token());
      assertThat(api(user, "GET", "/api/v1/me", null).statusCode()).isEqualTo(200);
    }
    assertThat(api(ALICE, "POST", "/api/v1/profiles", "{\"name\": \"" + TEAM + "\"}").statusCode())
        .isEqualTo(201);
    for (String[] m : new String[][] {{EDDIE, "edit"}, {VERA, "view"}}) {
      HttpResponse<String> r =
          api(
              ALICE,
              "POST",
              "/api/v1/profiles/" + TEAM + "/members",
              "{\"user\": \"" + m[0] + "\", \"role\": \"" + m[1] + "\"}");
      assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }
  }

  /** A request to the server's API as {@code user}. */
  HttpResponse<String> api(String user, String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.url().resolve(path))
            .header("Authorization", "Bearer " + tokens.get(user))
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A browser session of {@code user}, stored as BrowserSessions stores one: its cookie value. */
  String sessionCookieValue(String user) throws Exception {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    String hash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
    Instant now = Instant.now();
    server
        .database()
        .identity()
        .sessions()
        .create(
            new Session(hash, user, "csrf-" + UUID.randomUUID(), now, now.plusSeconds(3600), now));
    return value;
  }

  /** The {@code Cookie} header of a new browser session of {@code user}. */
  String sessionCookie(String user) throws Exception {
    return BrowserSessions.PLAIN_COOKIE + "=" + sessionCookieValue(user);
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      echo.close();
      jupyter.close();
    }
  }

  /** What the server's proxy looks notebooks up in from now on. */
  void serve(Notebooks notebooks) {
    server.serveNotebooks(notebooks);
  }
}
