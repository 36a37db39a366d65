package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.Response;
import dev.skiff.server.auth.ApiTokens;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run page in Chromium: a real run of a pipeline with a loop and a nested pipeline turns green
 * live (Server-Sent Events, no reload), tasks open the task panel and go into the URL, the actions
 * follow the caller's role, and names carrying script payloads stay text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunPageE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN_NAME = "<img src=x onerror=alert(1)>";
  private static final String TASK_NAME = "<script>alert(2)</script>";
  private static final String PIPELINE_NAME = "graph <img src=x onerror=alert(3)>";

  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;
  String profile;
  String pipelineId;
  String versionId;
  String runId;

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home);
    profile = DashboardServer.profile();
    String text;
    try (InputStream in = getClass().getResourceAsStream("/pipelines/web-graph.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    text = text.replace("taskInfo: {name: check}", "taskInfo: {name: '" + TASK_NAME + "'}");
    ObjectNode body = JSON.createObjectNode();
    body.putObject("pipeline").put("display_name", PIPELINE_NAME).put("namespace", profile);
    body.putObject("pipeline_version").put("display_name", "v1").put("pipeline_spec", text);
    JsonNode made = ok(skiff.api("POST", "/apis/v2beta1/pipelines/create", body.toString()));
    String pipelineId = made.path("pipeline_id").asText();
    String versionId =
        ok(skiff.api("GET", "/apis/v2beta1/pipelines/" + pipelineId + "/versions", null))
            .path("pipeline_versions")
            .get(0)
            .path("pipeline_version_id")
            .asText();
    this.pipelineId = pipelineId;
    this.versionId = versionId;
    runId = startRun();
  }

  /** Starts a run of the stored pipeline, uncached, each step pausing 2 s. */
  private String startRun() throws Exception {
    ObjectNode run = JSON.createObjectNode().put("display_name", RUN_NAME);
    run.putObject("pipeline_version_reference")
        .put("pipeline_id", pipelineId)
        .put("pipeline_version_id", versionId);
    run.putObject("runtime_config").putObject("parameters").put("pause", 2);
    return ok(skiff.api("POST", "/apis/v2beta1/runs?cache=false", run.toString()))
        .path("run_id")
        .asText();
  }

  @AfterAll
  void stop() {
    if (skiff != null) {
      skiff.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  private String runPage() {
    return runPage(runId);
  }

  private String runPage(String id) {
    return skiff.url("/p/" + profile + "/runs/" + id);
  }

  @Test
  void the_graph_turns_green_live_tasks_open_in_the_panel_and_names_stay_text() throws Exception {
    List<String> consoleErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
    String runId = startRun();
    try (BrowserContext ctx = browser.newContext(1400, 900)) {
      Page page = skiff.signIn(ctx);
      page.onDialog(d -> fail("a script ran in the page: dialog '" + d.message() + "'"));
      page.onConsoleMessage(
          m -> {
            if ("error".equals(m.type())) {
              consoleErrors.add(m.text());
            }
          });
      page.navigate(runPage(runId));
      page.waitForFunction(
          "() => performance.getEntriesByType('paint')"
              + ".some(p => p.name === 'first-contentful-paint')");
      double fcp =
          ((Number)
                  page.evaluate(
                      "() => { const e = performance.getEntriesByType('paint')"
                          + ".find(p => p.name === 'first-contentful-paint');"
                          + " return e ? e.startTime : -1; }"))
              .doubleValue();
      System.out.printf("run page first-contentful-paint: %.0f ms%n", fcp);
      assertThat(fcp).isPositive();
      // Marks this document: a reload would lose it.
      page.evaluate("() => { window.skiffSameDocument = true; }");

      // Names are text, never markup.
      assertThat(page.locator("h1").textContent()).isEqualTo(RUN_NAME);
      assertThat(page.locator("main img").count()).isZero();
      assertThat(page.locator(".run-facts").textContent()).contains(PIPELINE_NAME);

      // Live: a step runs, then every node succeeds, the loop's iterations drawn as they come.
      page.waitForSelector("#graph .node.state-running");
      // the server draws the running node; the stream opens a moment later
      com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(
              page.locator("#live-status"))
          .hasText("Live");
      DashboardBrowser.screenshot(page, "run-graph-live");
      page.waitForSelector(
          "#graph [data-task='for-loop-1/2/score'].state-succeeded",
          new Page.WaitForSelectorOptions().setTimeout(90_000));
      page.waitForSelector(
          "#graph [data-task='evaluate/report'].state-succeeded",
          new Page.WaitForSelectorOptions().setTimeout(60_000));
      page.waitForSelector("#run-state.state-succeeded");
      assertThat(page.locator("#run-state").textContent()).isEqualTo("Succeeded");
      assertThat(page.locator("#graph .node:not(.state-succeeded)").count()).isZero();
      assertThat(page.locator("#graph .group.state-succeeded").count()).isGreaterThanOrEqualTo(5);
      assertThat(page.locator("[data-action=cancel]").isHidden()).isTrue();
      assertThat(page.locator("#run-finished").textContent()).endsWith("UTC");
      assertThat(page.evaluate("() => window.skiffSameDocument === true")).isEqualTo(true);
      assertThat(page.locator("#graph [data-task='evaluate/check'] .node-label").textContent())
          .isEqualTo(TASK_NAME);

      // A click selects a task: the panel asks for its fragment and the URL keeps it.
      Request asked =
          page.waitForRequest(
              r -> r.url().contains("/runs/" + runId + "/tasks/prepare"),
              () -> page.locator("#graph [data-task='prepare']").click());
      assertThat(asked).isNotNull();
      assertThat(page.url()).contains("task=prepare");
      assertThat(page.locator("#graph [data-task='prepare']").getAttribute("aria-pressed"))
          .isEqualTo("true");
      // Enter on a focused task does the same.
      page.locator("#graph [data-task='for-loop-1/0/train']").focus();
      page.waitForRequest(
          r -> r.url().contains("/tasks/for-loop-1%2F0%2Ftrain"),
          () -> page.keyboard().press("Enter"));
      assertThat(page.url()).contains("task=for-loop-1%2F0%2Ftrain");

      // The graph is one tab stop (a roving tabindex): the selected task; arrows move between
      // tasks.
      assertThat(page.locator("#graph [tabindex='0']").count()).isOne();
      assertThat(page.locator("#graph [tabindex='0']").getAttribute("data-task"))
          .isEqualTo("for-loop-1/0/train");
      page.locator("[data-zoom=reset]").focus();
      page.keyboard().press("Tab");
      assertThat(focused(page, "data-task")).isEqualTo("for-loop-1/0/train");
      page.keyboard().press("Home");
      String first = focused(page, "data-task");
      assertThat(first).isEqualTo("prepare");
      assertThat(page.locator("#graph [tabindex='0']").getAttribute("data-task")).isEqualTo(first);
      page.keyboard().press("ArrowDown");
      String below = focused(page, "data-task") + focused(page, "data-toggle");
      assertThat(below).isNotEqualTo(first + "null");
      page.keyboard().press("ArrowUp");
      assertThat(focused(page, "data-task")).isEqualTo(first);
      page.keyboard().press("End");
      assertThat(focused(page, "data-task")).isNotEqualTo(first).isNotNull();
      // Tab leaves the graph at once: one stop for the whole drawing.
      page.keyboard().press("Tab");
      assertThat(
              page.evaluate(
                  "() => document.getElementById('graph').contains(document.activeElement)"))
          .isEqualTo(false);
      assertThat(page.locator("#graph [tabindex='0']").count()).isOne();

      // A group collapses into one node; the view is in the URL.
      page.locator("#graph [data-toggle='for-loop-1']").click();
      page.waitForSelector("#graph [data-task='for-loop-1'].collapsed");
      assertThat(page.url()).contains("collapse=for-loop-1");
      assertThat(page.locator("#graph [data-task='for-loop-1'] .node-summary").textContent())
          .isEqualTo("3 iterations \u00b7 6/6 succeeded");
      // Enter on the focused toggle opens the group again; the URL follows.
      page.locator("#graph [data-toggle='for-loop-1']").focus();
      page.keyboard().press("Enter");
      page.waitForSelector("#graph [data-group='for-loop-1']");
      assertThat(page.url()).contains("expand=for-loop-1").doesNotContain("collapse=");
      // Pan and zoom: toolbar buttons and keys on the focused view move the drawing.
      String before = page.locator("#graph g.viewport").getAttribute("transform");
      page.locator("[data-zoom=in]").click();
      String zoomed = page.locator("#graph g.viewport").getAttribute("transform");
      assertThat(zoomed).isNotEqualTo(before);
      page.locator("#graph").focus();
      page.keyboard().press("ArrowLeft");
      assertThat(page.locator("#graph g.viewport").getAttribute("transform")).isNotEqualTo(zoomed);
      page.locator("[data-zoom=fit]").click();
      page.locator("#graph [data-toggle='for-loop-1']").click();
      page.waitForSelector("#graph [data-task='for-loop-1'].collapsed");

      // The bookmarked view opens as it was left.
      page.navigate(page.url());
      page.waitForSelector("#graph [data-task='for-loop-1'].collapsed");
      assertThat(page.locator("#task-panel").getAttribute("data-fragment"))
          .endsWith("/tasks/for-loop-1%2F0%2Ftrain");
      page.navigate(runPage(runId));
      page.waitForSelector("#graph [data-task='evaluate/report'].state-succeeded");
      DashboardBrowser.screenshot(page, "run-graph-done");
      DashboardBrowser.assertAccessible(page);
    }
    assertCleanBut(consoleErrors);
  }

  /** An attribute of the focused element (null when it has none). */
  private static String focused(Page page, String attribute) {
    return (String)
        page.evaluate(
            "a => document.activeElement ? document.activeElement.getAttribute(a) : null",
            attribute);
  }

  /**
   * {@link DashboardBrowser#assertClean()}; while the task panel's script ({@code runs-task.js},
   * another part of the dashboard) is not there yet, its refusal (a 404 answer is not a script) is
   * the only console error allowed.
   */
  private void assertCleanBut(List<String> consoleErrors) throws Exception {
    if (skiff.api("GET", "/static/runs-task.js", null).statusCode() == 200) {
      browser.assertClean();
      return;
    }
    assertThat(consoleErrors)
        .allMatch(e -> e.contains("runs-task.js") || e.startsWith("Failed to load resource"));
    browser.clearProblems();
  }

  @Test
  void a_view_only_member_sees_the_run_without_actions_and_other_paths_answer_404()
      throws Exception {
    String vera = "vera@example.com";
    String token =
        new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC())
            .create(vera, "e2e", null, null, Duration.ofHours(1))
            .token();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(skiff.url("/api/v1/me")))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
    ok(
        skiff.api(
            "POST",
            "/api/v1/profiles/" + profile + "/members",
            "{\"user\": \"" + vera + "\", \"role\": \"view\"}"));
    try (BrowserContext ctx = browser.newContext()) {
      ctx.setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + token));
      Page page = ctx.newPage();
      page.onDialog(d -> fail("a script ran in the page: dialog '" + d.message() + "'"));
      Response r = page.navigate(runPage());
      assertThat(r.status()).isEqualTo(200);
      page.waitForSelector("#graph [data-task='prepare']");
      assertThat(page.locator("[data-action]").count()).isZero();
      assertThat(page.locator("[data-action=cancel]").count()).isZero();
      page.waitForFunction(
          "() => ['Live', 'Finished'].includes(document.getElementById('live-status').textContent)");

      Response missing = page.navigate(skiff.url("/p/" + profile + "/runs/no-such-run"));
      assertThat(missing.status()).isEqualTo(404);
      Response graph = page.navigate(runPage() + "/graph?collapse=evaluate");
      assertThat(graph.status()).isEqualTo(200);
      assertThat(page.content())
          .contains("data-task=\"prepare\"", "data-task=\"evaluate\"")
          .doesNotContain("data-task=\"evaluate/check\"");
      Response pipeline =
          page.navigate(
              skiff.url(
                  "/p/"
                      + profile
                      + "/pipelines/"
                      + pipelineId
                      + "/versions/"
                      + versionId
                      + "/graph"));
      assertThat(pipeline.status()).isEqualTo(200);
      assertThat(page.content())
          .contains("data-task=\"for-loop-1/train\"", "role=\"img\"", "&lt;script&gt;alert(2)")
          .doesNotContain("state-");
      Response elsewhere =
          page.navigate(skiff.url("/p/" + profile + "/pipelines/no-such/versions/none/graph"));
      assertThat(elsewhere.status()).isEqualTo(404);
    }
    // The run under another profile's path (one its owner is in): 404, as for a run that is not
    // there; the pipeline's graph too.
    ok(skiff.api("POST", "/api/v1/profiles", "{\"name\": \"other-team\"}"));
    HttpResponse<String> moved = skiff.api("GET", "/p/other-team/runs/" + runId, null);
    assertThat(moved.statusCode()).isEqualTo(404);
    assertThat(moved.body()).contains("no run").doesNotContain("data-task");
    assertThat(
            skiff
                .api(
                    "GET",
                    "/p/other-team/pipelines/" + pipelineId + "/versions/" + versionId + "/graph",
                    null)
                .statusCode())
        .isEqualTo(404);
    browser.clearProblems();
  }
}
