package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real server for API tests, and a small HTTP client that sends what {@code kfp.Client}'s
 * generated API client sends (JSON bodies, query parameters, multipart uploads in {@code
 * uploadfile}), with the server's token.
 */
final class ApiServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API = "/apis/v2beta1";

  final SkiffServer server;
  private final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * A server on {@code home}.
   *
   * @param database the database (H2 under the home when its URL is null)
   * @param maxUpload the upload limit
   */
  ApiServer(Path home, SkiffConfig.Database database, long maxUpload) {
    this(home, database, maxUpload, routes -> {});
  }

  /** A server on {@code home} with routes of the test's own beside the built-in ones. */
  ApiServer(
      Path home,
      SkiffConfig.Database database,
      long maxUpload,
      java.util.function.Consumer<io.javalin.config.RoutesConfig> extraRoutes) {
    server =
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                database,
                new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
                ArtifactStoreConfig.LOCAL,
                SkiffConfig.Retention.DEFAULT,
                new SkiffConfig.Api(maxUpload, Set.of("file"))),
            extraRoutes);
    try {
      token = TokenFile.read(home).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The token's {@code Authorization} header line. */
  String authorization() {
    return "Authorization: Bearer " + token;
  }

  static String resource(String name) {
    try (InputStream in = ApiServer.class.getResourceAsStream("/pipelines/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** KFP's filter as {@code kfp.Client} writes it: numeric operation, camelCase value. */
  static String equalsFilter(String key, String value) {
    return q(
        "{\"predicates\": [{\"operation\": 1, \"key\": \""
            + key
            + "\", \"stringValue\": \""
            + value
            + "\"}]}");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(server.url().resolve(path))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  HttpResponse<String> patch(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A JSON POST with another bearer token than the home's. */
  HttpResponse<String> postAs(String bearer, String path, String json) {
    return send(
        HttpRequest.newBuilder(server.url().resolve(path))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A GET with another bearer token than the home's. */
  HttpResponse<String> getAs(String bearer, String path) {
    return send(
        HttpRequest.newBuilder(server.url().resolve(path))
            .header("Authorization", "Bearer " + bearer)
            .GET());
  }

  HttpResponse<String> delete(String path) {
    return send(request(path).DELETE());
  }

  /** A multipart/form-data upload of {@code content} in the field {@code uploadfile}. */
  HttpResponse<String> upload(String path, String fileName, byte[] content) {
    String boundary = "----skiff" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"uploadfile\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** The JSON of a 200 answer. */
  static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks a problem answer and returns its detail. */
  static String problem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    try {
      JsonNode p = JSON.readTree(r.body());
      assertThat(p.path("status").asInt()).isEqualTo(status);
      String detail = p.path("detail").asText();
      assertThat(detail).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
      return detail;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls the run as {@code wait_for_run_completion} does, until it reaches a final state. */
  JsonNode waitForRunCompletion(String runId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JsonNode run = ok(get(API + "/runs/" + runId));
      String state = run.path("state").asText().toLowerCase(java.util.Locale.ROOT);
      if (Set.of("succeeded", "failed", "skipped", "error", "canceled").contains(state)) {
        return run;
      }
      assertThat(System.nanoTime()).as("run %s still %s", runId, state).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
