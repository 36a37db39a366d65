package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's limits over real HTTP: a full backlog answers 429 with {@code Retry-After} and
 * stores nothing, a pipeline over {@code engine.maxPipelineBytes} is refused naming the limit (400;
 * 413 for a body too large to hold such a pipeline), and runs beyond what the engine drives wait in
 * the database, PENDING, until a driver frees up.
 */
class ServerLimitsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUNS = "/apis/v2beta1/runs";

  @TempDir Path home;
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private SkiffServer server;
  private String token;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(int maxDriven, int maxPending, long maxPipelineBytes) throws IOException {
    server =
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine(
                    "local", Duration.ofSeconds(15), maxDriven, maxPending, maxPipelineBytes)));
    token = TokenFile.read(home).orElseThrow();
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.url().resolve(RUNS))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.url().resolve(path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String holdPipeline() throws IOException {
    try (InputStream in = ServerLimitsIT.class.getResourceAsStream("/pipelines/hold.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String holdRun(String tag) throws IOException {
    ObjectNode run = JSON.createObjectNode();
    run.put("pipeline_spec", holdPipeline());
    run.putObject("runtime_config")
        .set("parameters", JSON.valueToTree(Map.of("dir", dir.toString(), "tag", tag)));
    return run.toString();
  }

  private String state(String runId) throws Exception {
    return JSON.readTree(get(RUNS + "/" + runId).body()).path("state").asText();
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(status);
  }

  @Test
  void a_full_backlog_answers_429_with_retry_after_and_runs_wait_pending_in_the_database()
      throws Exception {
    start(1, 1, 32L << 20);
    Files.createFile(dir.resolve("hold"));
    HttpResponse<String> first = post(holdRun("a"));
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    HttpResponse<String> second = post(holdRun("b"));
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    String waiting = JSON.readTree(second.body()).path("run_id").asText();
    assertThat(JSON.readTree(second.body()).path("state").asText()).isEqualTo("PENDING");

    HttpResponse<String> refused = post(holdRun("c"));
    assertProblem(refused, 429);
    assertThat(JSON.readTree(refused.body()).path("detail").asText())
        .contains("1 runs wait for a driver (the limit is 1)");
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 30L);
    assertThat(JSON.readTree(get(RUNS).body()).path("total_size").asLong())
        .as("the refused run was not stored")
        .isEqualTo(2);
    assertThat(get("/metrics").body())
        .contains("skiff_runs_driven 1.0")
        .contains("skiff_runs_waiting 1.0");

    Files.delete(dir.resolve("hold"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!state(waiting).equals("SUCCEEDED")) {
      assertThat(System.nanoTime()).as("the waiting run finishes").isLessThan(deadline);
      Thread.sleep(100);
    }
    HttpResponse<String> later = post(holdRun("c"));
    assertThat(later.statusCode()).as("room again: " + later.body()).isEqualTo(200);
  }

  @Test
  void a_pipeline_over_the_size_limit_is_refused_naming_the_limit() throws Exception {
    start(4, 100, 1024);
    HttpResponse<String> tooBig = post(holdRun("a")); // hold.yaml is over 1 KiB
    assertProblem(tooBig, 400);
    assertThat(JSON.readTree(tooBig.body()).path("detail").asText())
        .contains("the limit is 1 KiB")
        .contains("engine.maxPipelineBytes");

    String huge = "{\"pipeline_spec\": \"" + "x".repeat(3 << 20) + "\"}";
    HttpResponse<String> body = post(huge);
    assertProblem(body, 413);
    assertThat(JSON.readTree(body.body()).path("detail").asText())
        .contains("engine.maxPipelineBytes");
    assertThat(JSON.readTree(get(RUNS).body()).path("total_size").asLong()).isZero();
  }

  @Test
  void the_default_limit_accepts_a_pipeline_larger_than_javalins_default_body_size()
      throws Exception {
    start(4, 100, 32L << 20);
    // A valid pipeline with 3 MiB of comment: over Javalin's 1 MB default, under 32 MiB.
    String big = holdPipeline() + "\n#" + "y".repeat(3 << 20) + "\n";
    ObjectNode run = JSON.createObjectNode();
    run.put("pipeline_spec", big);
    run.putObject("runtime_config")
        .set("parameters", JSON.valueToTree(Map.of("dir", dir.toString(), "tag", "big")));
    HttpResponse<String> r = post(run.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode created = JSON.readTree(r.body());
    String id = created.path("run_id").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!state(id).equals("SUCCEEDED")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
