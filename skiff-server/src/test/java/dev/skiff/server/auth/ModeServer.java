package dev.skiff.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** A real server on a temporary home in one sign-in mode, and an HTTP client for tests. */
public final class ModeServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SkiffServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private ModeServer(SkiffServer server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1 with {@code auth}. */
  public static ModeServer start(Path home, AuthSettings auth) {
    return new ModeServer(
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
                ArtifactStoreConfig.LOCAL,
                SkiffConfig.Retention.DEFAULT,
                SkiffConfig.Api.DEFAULTS,
                auth)));
  }

  /**
   * Settings of {@code mode} with the defaults, {@code domains} allowed to sign in (none: all).
   *
   * @param iap the IAP check (iap mode), else null
   * @param proxy the trusted proxy (proxy mode), else null
   */
  public static AuthSettings settings(
      AuthSettings.Mode mode,
      Set<String> domains,
      Set<String> groups,
      AuthSettings.Iap iap,
      AuthSettings.Proxy proxy) {
    return new AuthSettings(
        mode,
        null,
        Set.of(),
        Set.of(),
        domains,
        groups,
        AuthSettings.DEFAULT_SESSION_TTL,
        AuthSettings.DEFAULT_TOKEN_TTL,
        null,
        iap,
        proxy);
  }

  /** A request to {@code path} of this server. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(url().resolve(path)).timeout(Duration.ofSeconds(30));
  }

  /** Sends it; the answer's body as text. */
  public HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** {@code GET /api/v1/me} with {@code headers} (name, value, name, value...). */
  public HttpResponse<String> me(String... headers) throws IOException {
    HttpRequest.Builder b = request("/api/v1/me");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return send(b);
  }

  public URI url() {
    return server.url();
  }

  public SkiffServer server() {
    return server;
  }

  /** The JSON of an answer. */
  public static JsonNode json(HttpResponse<String> answer) throws IOException {
    return JSON.readTree(answer.body());
  }

  @Override
  public void close() {
    server.close();
  }
}
