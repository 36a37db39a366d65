package dev.skiff.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.LocalSetup;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A real server on a temporary home for API tests, with its token and an HTTP client. */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final SkiffServer server;
  final String token;
  final HttpClient http = HttpClient.newHttpClient();

  TestServer(Path home, ArtifactStoreConfig artifacts) throws IOException {
    server =
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
                artifacts));
    token = TokenFile.read(home).orElseThrow();
  }

  /** The profile the token's caller works in. */
  static String callerProfile() {
    return LocalSetup.profileNameFor(System.getProperty("user.name"));
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(server.url().resolve(path))
        .header("Authorization", "Bearer " + token);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<InputStream> stream(String path, String accept) throws Exception {
    HttpRequest.Builder b = request(path);
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Submits a fixture of {@code src/test/resources/pipelines} in the caller's profile. */
  String submit(String fixture, Map<String, JsonValue> params) throws Exception {
    return submit(fixture, params, RunOptions.DEFAULT.withCache(false));
  }

  String submit(String fixture, Map<String, JsonValue> params, RunOptions options)
      throws Exception {
    String text;
    try (InputStream in = TestServer.class.getResourceAsStream("/pipelines/" + fixture)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    RunOptions o =
        options.profile().isEmpty()
            ? new RunOptions(
                options.displayName(), callerProfile(), options.cacheEnabled(), options.metadata())
            : options;
    return server.runs().submit(text, fixture, params, o);
  }

  /** The log of a step's newest attempt. */
  String log(String runId, String task) throws Exception {
    return get("/apis/v2beta1/runs/" + runId + "/logs?task=" + task).body();
  }

  RunView await(String runId) throws Exception {
    return server.runs().await(runId, Duration.ofMinutes(3));
  }

  static void eventually(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(50);
    }
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  @Override
  public void close() {
    server.close();
  }
}
