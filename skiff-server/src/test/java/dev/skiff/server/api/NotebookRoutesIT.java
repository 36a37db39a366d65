package dev.skiff.server.api;

import static dev.skiff.server.api.ApiServer.API;
import static dev.skiff.server.api.ApiServer.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.server.http.HttpRoute;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook API over a real server with real Jupyter (Debian's classic Notebook through {@code
 * /usr/bin/python3}; skipped, saying so, where it is not installed): bad requests are refused with
 * a 400 naming the field and make nothing; create, status, list, events, logs, stop and start by
 * {@code PATCH}, delete; every answer validates against the served OpenAPI document; and the
 * server's {@code KF_PIPELINES_*} credentials create a run without a namespace in the notebook's
 * profile, and stop working when the server stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebookRoutesIT {
  private static final String NAME = "nb-one";

  @TempDir static Path home;
  ApiServer api;
  OpenApiDocument doc;
  String profile;
  String notebooks;

  static boolean jupyterInstalled() {
    try {
      Process p =
          new ProcessBuilder("/usr/bin/python3", "-c", "import notebook")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @BeforeAll
  void start() {
    assumeTrue(
        jupyterInstalled(),
        "skipped: Jupyter is not installed here (/usr/bin/python3 -c 'import notebook' fails);"
            + " install Debian's jupyter-notebook (.ci/run does) to run this test");
    api = new ApiServer(home, new SkiffConfig.Database(null, null, null), 1024 * 1024);
    doc = new OpenApiDocument(ApiServer.ok(api.get(API + "/openapi.json")).toString());
    profile = ApiServer.ok(api.get("/api/v1/me")).path("default_profile").asText();
    assertThat(profile).isNotBlank();
    notebooks = "/api/v1/profiles/" + profile + "/notebooks";
  }

  @AfterAll
  void stop() {
    if (api != null) {
      try {
        api.delete(notebooks + "/" + NAME + "?delete_workspace=true");
      } finally {
        api.close();
      }
    }
  }

  @Test
  @Order(1)
  void the_spawner_configuration_offers_the_detected_environment() {
    JsonNode config =
        check("GET", "/api/v1/notebook-config", api.get("/api/v1/notebook-config"), 200);
    assertThat(config.path("environments")).isNotEmpty();
    JsonNode env = config.path("environments").get(0);
    assertThat(env.path("available").asBoolean()).as(env.toString()).isTrue();
    assertThat(env.path("server_kind").asText()).isIn("jupyterlab", "notebook", "jupyter-server");
    assertThat(config.path("gpu_vendors").get(0).path("key").asText()).isEqualTo("nvidia.com/gpu");
    assertThat(config.path("cull_idle_after").asText()).isEqualTo("8h");
    assertThat(config.path("gpus_free").isInt()).as(config.toString()).isTrue();
  }

  @Test
  @Order(2)
  void bad_requests_are_refused_naming_the_field_and_make_nothing() {
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put("{not json", "not JSON");
    bodies.put("[]", "JSON object");
    bodies.put("{}", "name");
    bodies.put("{\"name\": \"Bad_Name\"}", "Bad_Name");
    bodies.put("{\"name\": \"nb\", \"cpu\": \"lots\"}", "cpu");
    bodies.put("{\"name\": \"nb\", \"cpu\": -1}", "cpu");
    bodies.put("{\"name\": \"nb\", \"cpu\": [1]}", "cpu");
    bodies.put("{\"name\": \"nb\", \"memory\": \"1Zi\"}", "memory");
    bodies.put("{\"name\": \"nb\", \"memory\": {\"a\": 1}}", "memory");
    bodies.put("{\"name\": \"nb\", \"gpus\": {\"num\": -1}}", "gpus.num");
    bodies.put("{\"name\": \"nb\", \"gpus\": {\"vendor\": \"amd.com/gpu\", \"num\": 1}}", "vendor");
    bodies.put("{\"name\": \"nb\", \"gpus\": 2}", "gpus");
    bodies.put("{\"name\": \"nb\", \"environment\": \"no-such-env\"}", "no-such-env");
    bodies.put("{\"name\": \"nb\", \"env\": {\"BAD-NAME\": \"x\"}}", "BAD-NAME");
    bodies.put("{\"name\": \"nb\", \"env\": {\"A\": {\"x\": 1}}}", "env");
    bodies.put("{\"name\": \"nb\", \"env\": {\"CUDA_VISIBLE_DEVICES\": \"0\"}}", "CUDA");
    bodies.put("{\"name\": \"nb\", \"configurations\": [\"nope\"]}", "nope");
    bodies.put("{\"name\": \"nb\", \"datavols\": [{\"mount\": \"x\"}]}", "datavols");
    bodies.put(
        "{\"name\": \"nb\", \"datavols\": [{\"name\": \"d\", \"mount\": \"../up\"}]}", "mount");
    bodies.put("{\"name\": \"new\"}", "reserved");
    bodies.put("{\"name\": \"nb\", \"memroy\": \"1Gi\"}", "unknown field 'memroy'");
    bodies.put("{\"name\": \"nb\", \"gpus\": {\"count\": 1}}", "unknown field 'gpus.count'");
    bodies.put(
        "{\"name\": \"nb\", \"datavols\": [{\"name\": \"d\", \"path\": \"x\"}]}",
        "unknown field 'datavols[0].path'");
    for (var e : bodies.entrySet()) {
      HttpResponse<String> r = api.post(notebooks, e.getKey());
      String detail = ApiServer.problem(r, 400);
      assertThat(detail).as(e.getKey()).contains(e.getValue());
      check("POST", notebooks, r, 400);
    }
    assertThat(list()).isEmpty();
    assertThat(Files.exists(home.resolve("workspaces").resolve(profile).resolve("nb"))).isFalse();
    // Unknown notebooks and profiles, bad parameters of the other routes.
    ApiServer.problem(api.get(notebooks + "/nope"), 404);
    ApiServer.problem(api.patch(notebooks + "/nope", "{\"stopped\": true}"), 404);
    ApiServer.problem(api.delete(notebooks + "/nope"), 404);
    ApiServer.problem(api.get(notebooks + "/nope/events"), 404);
    ApiServer.problem(api.get(notebooks + "/nope/logs"), 404);
    assertThat(api.get("/api/v1/profiles/no-such-profile/notebooks").statusCode()).isIn(403, 404);
    // Hostile names in the path: refused as problems, never a 500, nothing made.
    for (String name :
        List.of("..", "%2e%2e", "UPPER", "a".repeat(300), "x%00y", "nb%2Fother", "%E2%82%AC")) {
      for (String suffix : List.of("", "/events", "/logs")) {
        HttpResponse<String> r = api.get(notebooks + "/" + name + suffix);
        assertThat(r.statusCode()).as(name + suffix + " " + r.body()).isBetween(400, 404);
        assertThat(r.headers().firstValue("content-type").orElse(""))
            .startsWith("application/problem+json");
      }
    }
    // Writes with names that reach the routes (Jetty refuses a bad URI before it reads the body,
    // which H2HostileInputIT covers).
    for (String name : List.of("UPPER", "a".repeat(300), "nb%2Fother", "%E2%82%AC")) {
      HttpResponse<String> patched = api.patch(notebooks + "/" + name, "{\"stopped\": true}");
      assertThat(patched.statusCode()).as(name + " " + patched.body()).isBetween(400, 404);
    }
    for (String p : List.of("UPPER", "a.b")) {
      HttpResponse<String> r =
          api.post("/api/v1/profiles/" + p + "/notebooks", "{\"name\": \"nb\"}");
      assertThat(r.statusCode()).as(p + " " + r.body()).isBetween(400, 404);
    }
    assertThat(list()).isEmpty();
  }

  @Test
  @Order(3)
  void a_notebook_is_created_runs_stops_starts_and_is_deleted() throws Exception {
    String body =
        "{\"name\": \""
            + NAME
            + "\", \"cpu\": \"0.5\", \"memory\": \"512Mi\", \"env\": {\"GREETING\": \"hi\"}}";
    JsonNode made = check("POST", notebooks, api.post(notebooks, body), 201);
    assertThat(made.path("name").asText()).isEqualTo(NAME);
    assertThat(made.path("namespace").asText()).isEqualTo(profile);
    assertThat(made.path("cpu").asDouble()).isEqualTo(0.5);
    assertThat(made.path("memory").asLong()).isEqualTo(512L << 20);
    assertThat(made.path("memory_display").asText()).isEqualTo("512 MiB");
    assertThat(made.path("url").asText()).isEqualTo("/notebook/" + profile + "/" + NAME + "/");
    assertThat(made.path("env").path("GREETING").asText()).isEqualTo("hi");
    assertThat(made.path("status").path("phase").asText()).isIn("Pending", "Running");
    // The name is taken now.
    check("POST", notebooks, api.post(notebooks, body), 409);
    assertThat(list()).hasSize(1);

    JsonNode running = awaitPhase("Running");
    assertThat(running.path("server_kind").asText()).isIn("jupyterlab", "notebook");
    check("GET", notebooks, api.get(notebooks), 200);
    JsonNode events = check("GET", one() + "/events", api.get(path() + "/events"), 200);
    assertThat(events.path("events")).isNotEmpty();
    JsonNode log = check("GET", one() + "/logs", api.get(path() + "/logs"), 200);
    assertThat(log.path("next_offset").asLong()).isPositive();
    assertThat(log.path("text").asText()).isNotEmpty();
    JsonNode tail =
        check(
            "GET",
            one() + "/logs",
            api.get(path() + "/logs?offset=" + log.path("next_offset").asLong() + "&max_bytes=10"),
            200);
    assertThat(tail.path("next_offset").asLong())
        .isGreaterThanOrEqualTo(log.path("next_offset").asLong());
    ApiServer.problem(api.get(path() + "/logs?offset=-1"), 400);
    ApiServer.problem(api.get(path() + "/logs?max_bytes=0"), 400);
    ApiServer.problem(api.patch(path(), "{}"), 400);
    ApiServer.problem(api.patch(path(), "{\"stopped\": \"maybe\"}"), 400);
    ApiServer.problem(api.patch(path(), "{\"stoped\": true}"), 400);
    ApiServer.problem(api.delete(path() + "?delete_workspace=maybe"), 400);

    // Its credentials: what kfp.Client finds in the server's environment.
    Credentials first = credentials();
    assertThat(first.env())
        .containsEntry("GREETING", "hi")
        .containsEntry("CUDA_VISIBLE_DEVICES", "");
    assertThat(first.env().get("KF_PIPELINES_ENDPOINT"))
        .isEqualTo(api.server.url().toString().replaceAll("/+$", ""));
    Path tokenFile = Path.of(first.env().get("KF_PIPELINES_SA_TOKEN_PATH"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");
    assertThat(tokenFile.startsWith(home.resolve("workspaces"))).isFalse();
    String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
    runWithoutNamespaceLandsInTheProfile(token);

    // Stop: the server ends, its token stops working; start: a new one.
    JsonNode stopping = check("PATCH", one(), api.patch(path(), "{\"stopped\": true}"), 200);
    assertThat(stopping.path("status").path("phase").asText()).isIn("Stopping", "Stopped");
    awaitPhase("Stopped");
    assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(api.getAs(token, "/api/v1/me").statusCode()).isEqualTo(401);
    check("PATCH", one(), api.patch(path(), "{\"stopped\": false}"), 200);
    awaitPhase("Running");
    Credentials second = credentials();
    String again =
        Files.readString(
                Path.of(second.env().get("KF_PIPELINES_SA_TOKEN_PATH")), StandardCharsets.US_ASCII)
            .strip();
    assertThat(again).isNotEqualTo(token);
    assertThat(api.getAs(again, "/api/v1/me").statusCode()).isEqualTo(200);

    // Delete: no process is left, the token is revoked, the notebook is gone.
    HttpResponse<String> deleted = api.delete(path());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    check("GET", one(), api.get(path()), 404);
    assertThat(list()).isEmpty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive).orElse(false)) {
      assertThat(System.nanoTime()).as("the server process ended").isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(api.getAs(again, "/api/v1/me").statusCode()).isEqualTo(401);
  }

  /**
   * A run created with the notebook's token and no namespace (as {@code kfp.Client()} sends it)
   * lands in the notebook's profile; the token reaches no other profile.
   */
  private void runWithoutNamespaceLandsInTheProfile(String token) throws Exception {
    ObjectNode run = JSON.createObjectNode();
    run.put("display_name", "from a notebook");
    run.set("pipeline_spec", JSON.readTree(ApiServer.resource("greet.json")));
    run.putObject("runtime_config").putObject("parameters").put("times", 1);
    HttpResponse<String> made = api.postAs(token, API + "/runs", run.toString());
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    JsonNode created = JSON.readTree(made.body());
    JsonNode experiment =
        ApiServer.ok(api.get(API + "/experiments/" + created.path("experiment_id").asText()));
    assertThat(experiment.path("namespace").asText()).isEqualTo(profile);
    assertThat(api.waitForRunCompletion(created.path("run_id").asText()).path("state").asText())
        .isEqualTo("SUCCEEDED");
    assertThat(api.getAs(token, API + "/runs?namespace=shared").statusCode()).isEqualTo(403);
  }

  /** The notebook server's process and its environment, found by its base URL. */
  record Credentials(long pid, Map<String, String> env) {}

  private Credentials credentials() throws IOException {
    String base = "/notebook/" + profile + "/" + NAME + "/";
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        Optional<String> cmdline = read(p.resolve("cmdline"));
        if (cmdline.isEmpty() || !cmdline.get().contains(base)) {
          continue;
        }
        Optional<String> environ = read(p.resolve("environ"));
        if (environ.isEmpty() || !environ.get().contains("KF_PIPELINES_SA_TOKEN_PATH=")) {
          continue;
        }
        Map<String, String> env = new HashMap<>();
        for (String kv : environ.get().split("\0")) {
          int eq = kv.indexOf('=');
          if (eq > 0) {
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
          }
        }
        return new Credentials(Long.parseLong(p.getFileName().toString()), env);
      }
    }
    throw new AssertionError("no process serves " + base);
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty(); // gone, or not ours
    }
  }

  private JsonNode awaitPhase(String phase) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      JsonNode n = check("GET", one(), api.get(path()), 200);
      String now = n.path("status").path("phase").asText();
      if (now.equals(phase)) {
        return n;
      }
      assertThat(now).as(n.toString()).isNotEqualTo("Failed");
      assertThat(System.nanoTime()).as("%s still %s: %s", NAME, now, n).isLessThan(deadline);
      Thread.sleep(Duration.ofMillis(200));
    }
  }

  private List<JsonNode> list() {
    List<JsonNode> out = new java.util.ArrayList<>();
    ApiServer.ok(api.get(notebooks)).path("notebooks").forEach(out::add);
    return out;
  }

  private String path() {
    return notebooks + "/" + NAME;
  }

  private static String one() {
    return "/api/v1/profiles/{profile}/notebooks/{name}";
  }

  /** Checks the status and that the answer validates against the served document. */
  private JsonNode check(String method, String template, HttpResponse<String> r, int status) {
    String t = template.replace(notebooks, "/api/v1/profiles/{profile}/notebooks");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    String type = r.headers().firstValue("content-type").orElse("").split(";")[0].strip();
    List<String> errors = doc.validateResponse(new HttpRoute(method, t), status, type, r.body());
    assertThat(errors).as("%s %s %d: %s", method, t, status, r.body()).isEmpty();
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
