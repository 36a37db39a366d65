package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.LocalSetup;
import dev.skiff.server.ServerFile;
import dev.skiff.server.SkiffServer;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run API over real HTTP: a real server on a temporary home, real step processes, the token the
 * server created.
 */
class RunApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUNS = "/apis/v2beta1/runs";

  @TempDir Path home;
  private final HttpClient http = HttpClient.newHttpClient();
  private SkiffServer server;
  private String token;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start() throws IOException {
    server =
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15))));
    token = TokenFile.read(home).orElseThrow();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(server.url().resolve(path))
        .header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = RunApiIT.class.getResourceAsStream("/pipelines/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A KFP Run body with the spec as a JSON object, as kfp.Client sends it. */
  private static String runBody(String displayName, JsonNode spec, Map<String, Object> params) {
    ObjectNode run = JSON.createObjectNode();
    run.put("display_name", displayName);
    run.set("pipeline_spec", spec);
    run.putObject("runtime_config").set("parameters", JSON.valueToTree(params));
    return run.toString();
  }

  /** A run body with the spec as text (the Skiff extension the CLI uses). */
  private static String textRunBody(String pipelineText, Map<String, Object> params) {
    ObjectNode run = JSON.createObjectNode();
    run.put("pipeline_spec", pipelineText);
    run.putObject("runtime_config").set("parameters", JSON.valueToTree(params));
    return run.toString();
  }

  private JsonNode awaitFinished(String runId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      JsonNode run = JSON.readTree(get(RUNS + "/" + runId).body());
      String state = run.path("state").asText();
      if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELED")) {
        return run;
      }
      assertThat(System.nanoTime()).as("run %s still %s", runId, state).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static String detail(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body()).path("detail").asText();
  }

  private static void assertProblem(HttpResponse<String> r, int status) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(status);
    assertThat(JSON.readTree(r.body()).path("detail").asText()).isNotBlank();
  }

  @Test
  void submits_a_kfp_run_and_serves_it_its_list_and_its_logs() throws Exception {
    start();
    JsonNode spec = JSON.readTree(resource("greet.json"));
    HttpResponse<String> created =
        post(RUNS, runBody("api greet", spec, Map.of("name", "Ada", "times", 3)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.headers().firstValue("content-type")).hasValue("application/json");
    String runId = JSON.readTree(created.body()).path("run_id").asText();
    assertThat(JSON.readTree(created.body()).path("display_name").asText()).isEqualTo("api greet");

    JsonNode done = awaitFinished(runId);
    assertThat(done.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(done.path("runtime_config").path("parameters").path("times").asInt()).isEqualTo(3);
    assertThat(done.path("tasks").path("greet").path("outputs").path("parameters").path("Output"))
        .hasToString("\"Hello, Ada x3\"");
    assertThat(done.path("run_details").path("task_details")).hasSize(1);
    // The run belongs to the token owner's profile.
    assertThat(server.runs().get(runId).orElseThrow().run().options().profile())
        .isEqualTo(LocalSetup.profileNameFor(System.getProperty("user.name")));

    JsonNode list = JSON.readTree(get(RUNS + "?page_size=10").body());
    assertThat(list.path("total_size").asInt()).isEqualTo(1);
    assertThat(list.path("runs").get(0).path("run_id").asText()).isEqualTo(runId);

    HttpResponse<String> stepLog = get(RUNS + "/" + runId + "/logs?task=greet");
    assertThat(stepLog.statusCode()).isEqualTo(200);
    assertThat(stepLog.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(stepLog.body()).isEqualTo("greeting Ada 3 times\n");
    assertThat(get(RUNS + "/" + runId + "/logs").body())
        .isEqualTo("==> greet (attempt 1, SUCCEEDED) <==\ngreeting Ada 3 times\n");
    assertProblem(get(RUNS + "/" + runId + "/logs?task=nope"), 404);
    assertProblem(get(RUNS + "/" + runId + "/logs?task=greet&attempt=2"), 404);

    // KFP's wrapped shape, and the run-wide cache switch: a second identical run reruns the step.
    ObjectNode wrapped = JSON.createObjectNode();
    wrapped.set("pipeline_spec", spec);
    wrapped.putObject("platform_spec");
    HttpResponse<String> again =
        post(RUNS + "?cache=false", runBody("", wrapped, Map.of("name", "Ada", "times", 3)));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode second = awaitFinished(JSON.readTree(again.body()).path("run_id").asText());
    assertThat(second.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(second.path("display_name").asText()).isEqualTo("greet");
    assertThat(second.path("tasks").path("greet").path("cached").asBoolean()).isFalse();
    JsonNode both = JSON.readTree(get(RUNS + "?sort_by=created_at%20desc").body());
    assertThat(both.path("runs").get(0).path("run_id").asText())
        .isEqualTo(second.path("run_id").asText());
    assertThat(both.path("total_size").asInt()).isEqualTo(2);
    // total_size counts every run the caller can see, not the page.
    JsonNode firstPage = JSON.readTree(get(RUNS + "?page_size=1").body());
    assertThat(firstPage.path("runs")).hasSize(1);
    assertThat(firstPage.path("total_size").asInt()).isEqualTo(2);
    assertThat(firstPage.path("next_page_token").asText()).isNotEmpty();
  }

  @Test
  void requests_without_the_right_token_are_401_and_health_stays_open() throws Exception {
    start();
    String[] wrong = {null, "Bearer not-the-token", "Basic " + token, "Bearer " + token + "x"};
    for (String authorization : wrong) {
      HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(RUNS));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertProblem(r, 401);
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }
    HttpResponse<String> unknownPath =
        http.send(
            HttpRequest.newBuilder(server.url().resolve("/apis/v2beta1/nothing")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(unknownPath, 401);
    for (String open : new String[] {"/healthz", "/readyz", "/metrics", "/signin"}) {
      assertThat(
              http.send(
                      HttpRequest.newBuilder(server.url().resolve(open)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .as(open)
          .isEqualTo(200);
    }
    JsonNode kfpHealth = JSON.readTree(get("/apis/v2beta1/healthz").body());
    assertThat(kfpHealth.path("multi_user").asBoolean()).as("what kfp.Client asks first").isFalse();
    assertThat(kfpHealth.path("pipeline_store").asText()).isEqualTo("database");
    assertThat(kfpHealth.path("tag_name").asText()).isNotEmpty();
  }

  @Test
  void bad_input_is_a_400_problem_and_stores_nothing() throws Exception {
    start();
    JsonNode spec = JSON.readTree(resource("greet.json"));
    Map<String, String> cases =
        Map.of(
            "malformed YAML",
            textRunBody("pipelineInfo:\n  name: broken\nroot:\n  dag: [unclosed\n", Map.of()),
            "cycle",
            textRunBody(resource("cycle.yaml"), Map.of()),
            "mistyped parameter",
            runBody("", spec, Map.of("times", "abc")),
            "unknown parameter",
            runBody("", spec, Map.of("times", 1, "nmae", "x")),
            "missing parameter",
            runBody("", spec, Map.of()),
            "not JSON",
            "{\"pipeline_spec\": ",
            "no pipeline",
            "{\"display_name\": \"x\"}",
            "not a pipeline",
            runBody("", JSON.readTree("{\"hello\": 1}"), Map.of()),
            "parameters as a list",
            "{\"pipeline_spec\": {}, \"runtimeConfig\": {\"parameters\": [1]}}");
    for (var c : cases.entrySet()) {
      HttpResponse<String> r = post(RUNS, c.getValue());
      assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(400);
      assertProblem(r, 400);
      assertThat(JSON.readTree(r.body()).path("detail").asText()).doesNotContain("\n");
    }
    assertThat(detail(post(RUNS, textRunBody(resource("cycle.yaml"), Map.of()))))
        .startsWith("pipeline_spec:")
        .contains("cycle");
    assertThat(detail(post(RUNS, runBody("", spec, Map.of("times", "abc"))))).contains("times");
    assertThat(
            detail(post(RUNS, "{\"pipeline_spec\": {}, \"runtimeConfig\": {\"parameters\": [1]}}")))
        .isEqualTo("runtime_config.parameters must be a JSON object (name to value), got a list");
    assertProblem(post(RUNS + "?cache=maybe", runBody("", spec, Map.of("times", 1))), 400);
    assertProblem(post(RUNS, "{\"pipeline_version_reference\": {\"pipeline_id\": \"p\"}}"), 404);
    assertProblem(get(RUNS + "?page_size=abc"), 400);

    JsonNode list = JSON.readTree(get(RUNS).body());
    assertThat(list.path("runs")).isEmpty();
    assertThat(list.path("total_size").asInt()).isZero();
    assertThat(server.runs().list(null, 10)).isEmpty();
  }

  @Test
  void unknown_runs_and_other_profiles_runs_are_404() throws Exception {
    start();
    String sleeper = resource("sleeper.yaml");
    String theirs =
        server
            .runs()
            .submit(sleeper, "sleeper.yaml", Map.of(), new RunOptions("", "someone-else", true));
    String unowned =
        server
            .runs()
            .submit(
                resource("greet.json"),
                "greet.json",
                Map.of("times", JsonValue.of(1)),
                RunOptions.DEFAULT);
    try {
      for (String id : new String[] {"no-such-run", theirs}) {
        assertProblem(get(RUNS + "/" + id), 404);
        assertProblem(get(RUNS + "/" + id + "/logs"), 404);
        assertProblem(post(RUNS + "/" + id + ":cancel", ""), 404);
      }
      // A run outside any profile (the in-process CLI's, same OS user) is visible.
      assertThat(get(RUNS + "/" + unowned).statusCode()).isEqualTo(200);
      JsonNode list = JSON.readTree(get(RUNS).body());
      assertThat(list.path("runs")).hasSize(1);
      assertThat(list.path("runs").get(0).path("run_id").asText()).isEqualTo(unowned);
      assertThat(list.path("total_size").asInt())
          .as("the other profile's run is not counted")
          .isOne();
    } finally {
      server.runs().cancel(theirs);
      server.runs().await(theirs, Duration.ofSeconds(30));
      server.runs().await(unowned, Duration.ofSeconds(30));
    }
  }

  @Test
  void cancel_stops_a_long_step_and_ends_a_followed_log() throws Exception {
    start();
    HttpResponse<String> created = post(RUNS, textRunBody(resource("sleeper.yaml"), Map.of()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String runId = JSON.readTree(created.body()).path("run_id").asText();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!get(RUNS + "/" + runId + "/logs?task=sleep").body().contains("sleeping")) {
      assertThat(System.nanoTime()).as("the step did not start").isLessThan(deadline);
      Thread.sleep(100);
    }
    CompletableFuture<HttpResponse<String>> followed =
        http.sendAsync(
            request(RUNS + "/" + runId + "/logs?task=sleep&follow=true").build(),
            HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500);
    assertThat(followed).isNotDone();

    HttpResponse<String> cancel = post(RUNS + "/" + runId + ":cancel", "");
    assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
    assertThat(cancel.body()).isEqualTo("{}");
    JsonNode done = awaitFinished(runId);
    assertThat(done.path("state").asText()).isEqualTo("CANCELED");
    assertThat(followed.get(10, TimeUnit.SECONDS).body()).isEqualTo("sleeping\n");

    // Finished already: as in KFP, asking again is fine; :terminate is KFP's name for it.
    assertThat(post(RUNS + "/" + runId + ":cancel", "").statusCode()).isEqualTo(200);
    assertThat(post(RUNS + "/" + runId + ":terminate", "").statusCode()).isEqualTo(200);
  }

  @Test
  void the_token_is_private_and_stable_and_server_json_lives_as_long_as_the_server()
      throws Exception {
    start();
    Path tokenFile = home.resolve("token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    ServerFile announced = ServerFile.read(home).orElseThrow();
    assertThat(announced.url()).isEqualTo(server.url());
    assertThat(announced.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(JsonValue.parse(Files.readString(home.resolve("server.json"))))
        .isInstanceOf(JsonValue.Obj.class);

    server.close();
    assertThat(home.resolve("server.json")).doesNotExist();
    String first = token;
    start();
    assertThat(token).isEqualTo(first);
    assertThat(get(RUNS).statusCode()).isEqualTo(200);
    assertThat(ServerFile.read(home).orElseThrow().url()).isEqualTo(server.url());
  }
}
