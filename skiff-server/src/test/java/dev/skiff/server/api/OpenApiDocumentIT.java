package dev.skiff.server.api;

import static dev.skiff.server.api.ApiServer.API;
import static dev.skiff.server.api.ApiServer.JSON;
import static dev.skiff.server.api.ApiServer.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.server.http.HttpRoute;
import dev.skiff.server.notebook.NotebookPath;
import dev.skiff.server.web.DashboardPaths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI document against a real started server (H2): it documents exactly the routes
 * the server registers, it is valid OpenAPI 3.1, and the real responses of a full flow (upload,
 * experiment, run, wait, get, lists, artifact, events, errors) validate against its schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentIT {
  @TempDir static Path home;
  ApiServer api;
  OpenApiDocument doc;
  String docJson;

  @BeforeAll
  void start() {
    api = new ApiServer(home, new SkiffConfig.Database(null, null, null), 1024 * 1024);
    HttpResponse<String> served = api.get(API + "/openapi.json");
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(served.headers().firstValue("content-type").orElse(""))
        .startsWith("application/json");
    docJson = served.body();
    doc = new OpenApiDocument(docJson);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void every_registered_route_is_documented_and_every_documented_one_is_registered() {
    // The dashboard's pages are HTML for browsers, not API: DashboardRoutesE2E covers them.
    Set<HttpRoute> registered = new LinkedHashSet<>();
    api.server.routes().stream()
        .filter(r -> !DashboardPaths.isPage(r.path()))
        // The notebook proxy forwards to Jupyter's own API: NotebookProxyIT covers its routes.
        .filter(r -> !r.path().startsWith(NotebookPath.PREFIX))
        .forEach(registered::add);
    Set<HttpRoute> documented = doc.operations();
    assertThat(registered).as("the server registers routes").hasSizeGreaterThan(30);

    Set<HttpRoute> undocumented = new LinkedHashSet<>(registered);
    undocumented.removeAll(documented);
    assertThat(undocumented).as("registered but not in the OpenAPI document").isEmpty();

    Set<HttpRoute> unregistered = new LinkedHashSet<>(documented);
    unregistered.removeAll(registered);
    assertThat(unregistered).as("documented but not registered").isEmpty();
  }

  @Test
  void the_served_document_is_valid_openapi_3_1() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(docJson, null, options);
    assertThat(result.getMessages()).as("parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    // Every $ref points at something that exists.
    List<String> dangling = new ArrayList<>();
    collectRefs(doc.tree(), dangling);
    assertThat(dangling).as("dangling $refs").isEmpty();
  }

  @Test
  void the_document_needs_the_token_like_the_api_healthz() throws Exception {
    HttpResponse<String> anonymous =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(api.server.url().resolve(API + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    check("GET", API + "/openapi.json", anonymous);
  }

  @Test
  void the_validator_rejects_what_the_document_does_not_allow() {
    // Guards the response checks below against passing vacuously.
    HttpRoute getRun = new HttpRoute("GET", API + "/runs/{run_id}");
    assertThat(doc.validateResponse(getRun, 200, "application/json", "{\"run_id\": \"x\"}"))
        .isNotEmpty();
    assertThat(
            doc.validateResponse(
                getRun, 404, "application/problem+json", "{\"status\": 404, \"extra\": true}"))
        .isNotEmpty();
    assertThat(doc.validateComponent("RuntimeState", "\"DONE\"")).isNotEmpty();
    assertThat(doc.validateComponent("RuntimeState", "\"SUCCEEDED\"")).isEmpty();
  }

  @Test
  void a_task_waiting_for_quota_with_its_reason_validates() {
    String why = "waiting for quota: profile 'team-a' uses 1 of 1 GPUs";
    java.time.Instant t0 = java.time.Instant.parse("2026-01-02T03:04:05Z");
    dev.skiff.engine.run.TaskRun task =
        dev.skiff.engine.run.TaskRun.pending(
                "train",
                dev.skiff.engine.run.TaskKind.CONTAINER,
                "train",
                dev.skiff.engine.run.TaskValues.EMPTY,
                t0)
            .withState(dev.skiff.engine.run.TaskState.RUNNING, t0)
            .withAttempt(dev.skiff.engine.run.Attempt.started(1, t0).waiting(why));
    String view = dev.skiff.api.ApiJson.write(dev.skiff.api.RunViews.task(task));
    assertThat(view).contains("\"status_message\"");
    assertThat(doc.validateComponent("TaskView", view)).isEmpty();
    String detail =
        dev.skiff.api.ApiJson.write(
            new dev.skiff.api.v2beta1.PipelineTaskDetail(
                "run-1",
                "task-1",
                "train",
                t0,
                t0,
                null,
                dev.skiff.api.v2beta1.RuntimeState.RUNNING,
                null,
                List.of(),
                null,
                why));
    assertThat(doc.validateComponent("PipelineTaskDetail", detail)).isEmpty();
  }

  @Test
  void real_responses_of_a_full_flow_validate_against_the_document() throws Exception {
    check("GET", "/healthz", api.get("/healthz"));
    check("GET", "/readyz", api.get("/readyz"));
    check("GET", API + "/healthz", api.get(API + "/healthz"));

    // Upload a two-step pipeline (multipart, field uploadfile) and read it back.
    byte[] yaml = resource("artifacts.yaml").getBytes(StandardCharsets.UTF_8);
    JsonNode pipeline =
        check(
            "POST",
            API + "/pipelines/upload",
            api.upload(API + "/pipelines/upload?name=oapi", "artifacts.yaml", yaml));
    String pipelineId = pipeline.path("pipeline_id").asText();
    check("GET", API + "/pipelines/{pipeline_id}", api.get(API + "/pipelines/" + pipelineId));
    check("GET", API + "/pipelines/names/{name}", api.get(API + "/pipelines/names/oapi"));
    check("GET", API + "/pipelines", api.get(API + "/pipelines?page_size=5"));
    JsonNode versions =
        check(
            "GET",
            API + "/pipelines/{pipeline_id}/versions",
            api.get(API + "/pipelines/" + pipelineId + "/versions"));
    String versionId =
        versions.path("pipeline_versions").get(0).path("pipeline_version_id").asText();
    check(
        "GET",
        API + "/pipelines/{pipeline_id}/versions/{pipeline_version_id}",
        api.get(API + "/pipelines/" + pipelineId + "/versions/" + versionId));

    // An experiment, and a run of the stored pipeline in it.
    JsonNode experiment =
        check(
            "POST",
            API + "/experiments",
            api.post(API + "/experiments", "{\"display_name\": \"oapi\"}"));
    String experimentId = experiment.path("experiment_id").asText();
    check("GET", API + "/experiments", api.get(API + "/experiments"));
    ObjectNode body = JSON.createObjectNode();
    body.put("display_name", "oapi run");
    body.put("experiment_id", experimentId);
    body.putObject("pipeline_version_reference").put("pipeline_id", pipelineId);
    body.putObject("runtime_config").putObject("parameters").put("seconds", 0);
    JsonNode created = check("POST", API + "/runs", api.post(API + "/runs", body.toString()));
    String runId = created.path("run_id").asText();

    // An inline run, as kfp.Client sends a package (the spec as an object).
    ObjectNode inline = JSON.createObjectNode();
    inline.put("display_name", "inline");
    inline.set("pipeline_spec", JSON.readTree(resource("greet.json")));
    inline.putObject("runtime_config").putObject("parameters").put("times", 1);
    String inlineId =
        check("POST", API + "/runs", api.post(API + "/runs", inline.toString()))
            .path("run_id")
            .asText();

    // Wait as wait_for_run_completion does; each poll's answer validates too.
    for (String id : List.of(runId, inlineId)) {
      JsonNode run;
      do {
        run = check("GET", API + "/runs/{run_id}", api.get(API + "/runs/" + id));
        Thread.sleep(100);
      } while (!Set.of("SUCCEEDED", "FAILED", "CANCELED").contains(run.path("state").asText()));
      assertThat(run.path("state").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    }
    JsonNode done = check("GET", API + "/runs/{run_id}", api.get(API + "/runs/" + runId));
    assertThat(done.path("run_details").path("task_details")).hasSize(2);
    assertThat(done.path("tasks").path("make").path("outputs").path("artifacts").has("data"))
        .isTrue();
    check("GET", API + "/runs", api.get(API + "/runs?experiment_id=" + experimentId));
    check("GET", API + "/runs", api.get(API + "/runs?page_size=1&sort_by=created_at%20desc"));
    check(
        "GET", API + "/experiments/{experiment_id}", api.get(API + "/experiments/" + experimentId));
    check(
        "GET",
        API + "/runs/{run_id}/nodes/{node_id}/artifacts/{artifact_name}:read",
        api.get(API + "/runs/" + runId + "/nodes/make/artifacts/data:read"));

    // The events of a finished run: its snapshot, then end; each payload as documented.
    checkEvents(runId);

    // Actions answer {}.
    check(
        "POST", API + "/runs/{run_id}:archive", api.post(API + "/runs/" + runId + ":archive", ""));
    check(
        "POST",
        API + "/runs/{run_id}:unarchive",
        api.post(API + "/runs/" + runId + ":unarchive", ""));

    // A schedule of the stored pipeline: create, get, list, disable, enable, delete.
    ObjectNode schedule = JSON.createObjectNode();
    schedule.put("display_name", "oapi schedule");
    schedule.put("experiment_id", experimentId);
    schedule.put("max_concurrency", 1);
    schedule.put("mode", "DISABLE");
    schedule.putObject("pipeline_version_reference").put("pipeline_id", pipelineId);
    schedule.putObject("runtime_config").putObject("parameters").put("seconds", 0);
    schedule.putObject("trigger").putObject("cron_schedule").put("cron", "0 0 * * * *");
    String rr = API + "/recurringruns";
    String scheduleId =
        check("POST", rr, api.post(rr, schedule.toString())).path("recurring_run_id").asText();
    assertThat(scheduleId).isNotEmpty();
    String one = rr + "/{recurring_run_id}";
    check("GET", one, api.get(rr + "/" + scheduleId));
    JsonNode schedules = check("GET", rr, api.get(rr + "?experiment_id=" + experimentId));
    assertThat(schedules.path("recurringRuns")).hasSize(1);
    check("POST", one + ":enable", api.post(rr + "/" + scheduleId + ":enable", ""));
    check("POST", one + ":disable", api.post(rr + "/" + scheduleId + ":disable", ""));
    check("POST", rr, api.post(rr, "{\"display_name\": \"bad\", \"trigger\": {}}"));
    check("DELETE", one, api.delete(rr + "/" + scheduleId));
    check("GET", one, api.get(rr + "/" + scheduleId));

    // Errors: problem+json as documented.
    check("GET", API + "/runs/{run_id}", api.get(API + "/runs/no-such-run"));
    check("POST", API + "/runs", api.post(API + "/runs", "{not json"));
    check("POST", API + "/experiments", api.post(API + "/experiments", "{\"display_name\": 5}"));
    check("GET", API + "/runs", api.get(API + "/runs?page_token=forged"));
    check("POST", API + "/pipelines/upload", api.post(API + "/pipelines/upload", "{}"));
    check("DELETE", API + "/pipelines/{pipeline_id}", api.delete(API + "/pipelines/nope"));
  }

  /** Reads a finished run's event stream and validates each event's data. */
  private void checkEvents(String runId) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(api.server.url().resolve("/api/v1/events?run=" + runId))
            .header("Authorization", "Bearer " + token())
            .header("Accept", "text/event-stream")
            .build();
    HttpResponse<InputStream> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    doc.responseSchemaPointer(new HttpRoute("GET", "/api/v1/events"), 200, "text/event-stream");
    try (SseClient sse = new SseClient(r.body())) {
      List<SseClient.Event> events = sse.until("end", Duration.ofSeconds(30));
      assertThat(events.getFirst().type()).isEqualTo("run");
      assertThat(events.stream().filter(e -> e.type().equals("task")).count()).isEqualTo(2);
      for (SseClient.Event e : events) {
        String schema =
            switch (e.type()) {
              case "run" -> "Run";
              case "task" -> "TaskEvent";
              case "end" -> "EndEvent";
              default -> "ErrorEvent";
            };
        assertThat(doc.validateComponent(schema, e.data()))
            .as(e.type() + ": " + e.data())
            .isEmpty();
      }
    }
  }

  private String token() throws Exception {
    return dev.skiff.server.auth.TokenFile.read(home).orElseThrow();
  }

  /**
   * Checks a real response against the document: the status is documented for the operation (or
   * covered by {@code default}), the media type is the documented one, and the body validates
   * against its schema. Returns the body.
   */
  private JsonNode check(String method, String template, HttpResponse<String> r) {
    HttpRoute op = new HttpRoute(method, template);
    String type = r.headers().firstValue("content-type").orElse("");
    String mediaType = type.split(";")[0].strip();
    List<String> errors = doc.validateResponse(op, r.statusCode(), mediaType, r.body());
    assertThat(errors).as("%s %d %s: %s", op, r.statusCode(), mediaType, r.body()).isEmpty();
    try {
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private void collectRefs(JsonNode node, List<String> dangling) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String target = ref.asText();
        if (!target.startsWith("#") || doc.tree().at(target.substring(1)).isMissingNode()) {
          dangling.add(target);
        }
      }
      node.elements().forEachRemaining(child -> collectRefs(child, dangling));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectRefs(child, dangling));
    }
  }
}
