package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.skiff.server.auth.ApiTokens;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runs pages in Chromium against a real server: the list (filters, paging, live badges, compare
 * picks), the task panel with its live log, artifact previews (CSV, image, sandboxed HTML and
 * Markdown), metrics charts, the comparison of runs, and script payloads in a run's name, a
 * parameter, a log line and an HTML artifact rendering inert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsPagesE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>";
  private static final int BATCH = 30;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;
  JsonNode report;
  String experiment;
  String alpha;
  String beta;

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home);
    try (InputStream in = getClass().getResourceAsStream("/web/runs-report.yaml")) {
      report = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    experiment =
        json(skiff.api("POST", "/apis/v2beta1/experiments", "{\"display_name\":\"batch-exp\"}"))
            .path("experiment_id")
            .asText();
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      batch.add(
          create(
              String.format("batch-%02d", i),
              shell(i % 5 == 0 ? "exit 3" : "true"),
              Map.of(),
              i % 2 == 0 ? experiment : ""));
    }
    alpha = create("report alpha", report, Map.of("label", "alpha", "shift", 0.0), "");
    beta = create("report beta", report, Map.of("label", "beta", "shift", 0.15), "");
    for (String id : batch) {
      await(id);
    }
    assertThat(await(alpha)).isEqualTo("SUCCEEDED");
    assertThat(await(beta)).isEqualTo("SUCCEEDED");
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

  private String runs(String query) {
    return skiff.url("/p/" + DashboardServer.profile() + "/runs" + query);
  }

  @Test
  void the_list_filters_pages_and_picks_runs_to_compare() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(runs("?name=batch"));
      assertThat(page.locator("h1").textContent()).contains("30 in all, filtered");
      Locator rows = page.locator("table.runs tbody tr");
      assertThat(rows.count()).isEqualTo(20);
      String newest = rows.first().locator("td a").textContent();
      assertThat(newest).isEqualTo("batch-29");
      assertThat(rows.first().locator("td a").getAttribute("href"))
          .matches("/p/" + DashboardServer.profile() + "/runs/[-0-9a-f]{36}");
      DashboardBrowser.screenshot(page, "runs-list");
      DashboardBrowser.assertAccessible(page);

      page.locator("a[rel=next]").click();
      page.waitForURL("**page=**");
      assertThat(rows.count()).isEqualTo(10);
      assertThat(rows.first().locator("td a").textContent()).isEqualTo("batch-09");
      assertThat(page.locator("a[rel=next]").count()).isZero();
      page.locator("a[rel=prev]").click();
      page.waitForLoadState();
      assertThat(rows.count()).isEqualTo(20);
      assertThat(rows.first().locator("td a").textContent()).isEqualTo(newest);

      // The filter form: state, then experiment (a select), both in the URL.
      page.navigate(runs("?name=batch"));
      page.locator("select[name=state]").selectOption("FAILED");
      page.locator("form.filters button[type=submit]").click();
      page.waitForURL("**state=FAILED**");
      assertThat(rows.count()).isEqualTo(6);
      assertThat(page.locator("table.runs .state").allTextContents()).containsOnly("Failed");
      page.locator("select[name=state]").selectOption("");
      page.locator("select[name=experiment]").selectOption(experiment);
      page.locator("form.filters button[type=submit]").click();
      page.waitForURL("**experiment=" + experiment + "**");
      assertThat(rows.count()).isEqualTo(15);

      String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
      page.navigate(runs("?from=" + tomorrow));
      assertThat(page.locator(".empty").textContent()).contains("No runs match");
      page.navigate(runs("?archived=1"));
      assertThat(page.locator(".empty").textContent()).contains("No archived runs");
      Response bad = page.navigate(runs("?state=DONE"));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(page.locator("[role=alert]").textContent()).contains("state must be one of");

      // Picking runs: the button waits for two, then opens the comparison.
      page.navigate(runs("?name=report"));
      Locator compare = page.locator("#compare-button");
      assertThat(compare.isDisabled()).isTrue();
      page.locator("input.pick").nth(0).check();
      assertThat(compare.isDisabled()).isTrue();
      page.locator("input.pick").nth(1).check();
      assertThat(compare.isEnabled()).isTrue();
      compare.click();
      page.waitForURL("**/compare?runs=*");
      assertThat(page.url()).contains(beta).contains(alpha);
      assertThat(page.locator("h1").textContent()).isEqualTo("Compare 2 runs");
    }
    // On a phone the table's rows stack: nothing wider than the screen.
    try (BrowserContext phone = browser.newContext(390, 844)) {
      Page page = skiff.signIn(phone);
      page.navigate(runs("?name=batch"));
      assertThat(page.evaluate("() => document.documentElement.scrollWidth")).isEqualTo(390);
      assertThat(page.locator("table.runs tbody tr").count()).isEqualTo(20);
      DashboardBrowser.screenshot(page, "runs-list-phone");
    }
    browser.assertClean();
  }

  @Test
  void the_empty_list_says_how_to_start() throws Exception {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(runs("?name=no-such-run-anywhere"));
      assertThat(page.locator(".empty").textContent()).contains("No runs match");
      // A profile without runs: the local user's second profile.
      skiff.api("POST", "/api/v1/profiles", "{\"name\":\"empty-team\"}");
      page.navigate(skiff.url("/p/empty-team/runs"));
      assertThat(page.locator(".empty").textContent())
          .contains("No runs yet — upload a pipeline or run an example");
      assertThat(page.locator(".empty a").count()).isEqualTo(2);
    }
    browser.assertClean();
  }

  @Test
  void a_state_badge_changes_live_without_reload() throws Exception {
    Path go = home.resolve("go-slow-sleeper");
    String id =
        create(
            "slow sleeper", shell("while [ ! -e '" + go + "' ]; do sleep 0.1; done"), Map.of(), "");
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(runs("?name=slow"));
      page.evaluate("() => { window.__sameDocument = true; }");
      Locator badge = page.locator("tr[data-run=\"" + id + "\"] .state");
      assertThat(badge.textContent()).isIn("Pending", "Running");
      Files.createFile(go);
      page.locator("tr[data-run=\"" + id + "\"] .state.state-succeeded")
          .waitFor(new Locator.WaitForOptions().setTimeout(30_000));
      assertThat(badge.textContent()).isEqualTo("Succeeded");
      assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
    }
    browser.assertClean();
  }

  @Test
  void a_run_that_ends_while_the_stream_is_away_is_caught_up_when_it_reconnects() throws Exception {
    Path go = home.resolve("go-while-away");
    String id =
        create(
            "ends while away",
            shell("while [ ! -e '" + go + "' ]; do sleep 0.1; done"),
            Map.of(),
            "");
    AtomicBoolean away = new AtomicBoolean(true);
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      // the profile's event stream fails (a network blip) until the run has ended
      page.route(
          "**/api/v1/events?*",
          route -> {
            if (away.get()) {
              route.abort();
            } else {
              route.resume();
            }
          });
      page.navigate(runs("?name=away"));
      page.evaluate("() => { window.__sameDocument = true; }");
      Locator badge = page.locator("tr[data-run=\"" + id + "\"] .state");
      assertThat(badge.textContent()).isIn("Pending", "Running");
      Files.createFile(go);
      assertThat(await(id)).isEqualTo("SUCCEEDED");
      away.set(false); // no event about the run comes after this: only the catch-up can tell
      page.locator("tr[data-run=\"" + id + "\"] .state.state-succeeded")
          .waitFor(new Locator.WaitForOptions().setTimeout(30_000));
      assertThat(badge.textContent()).isEqualTo("Succeeded");
      assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
    }
    browser.clearProblems(); // the failed stream requests log errors on purpose
  }

  @Test
  void the_task_page_streams_its_log_live() throws Exception {
    // the pause leaves time for a slow sign-in before the second line; it is waited out below
    String id = create("live log", report, Map.of("label", "live", "pause", 20.0), "");
    awaitLog(id, "first line of the report");
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(runs("/" + id + "/tasks/report/page"));
      Locator log = page.locator("pre.log");
      page.waitForFunction(
          "() => document.querySelector('pre.log').textContent.includes('first line of the report')");
      assertThat(log.textContent()).doesNotContain("second line for live");
      assertThat(page.locator(".log-status").textContent()).isEqualTo("Live");
      page.waitForFunction(
          "() => document.querySelector('pre.log').textContent.includes('second line for live')",
          null,
          new Page.WaitForFunctionOptions().setTimeout(60_000));
      DashboardBrowser.screenshot(page, "task-log");
      await(id);
      // The finished task: its inputs, outputs with links, and the attempt with its runtime.
      page.reload();
      assertThat(page.locator(".task-panel h2").textContent()).contains("Succeeded");
      assertThat(page.locator("table.values").first().textContent())
          .contains("label")
          .contains("live");
      assertThat(page.locator("table.attempts tbody tr").count()).isEqualTo(1);
      assertThat(page.locator("table.attempts").textContent()).contains("Succeeded");
      assertThat(page.locator("a:has-text('Preview')").count()).isEqualTo(6);
      page.waitForFunction(
          "() => document.querySelector('pre.log').textContent.includes('second line for live')");
      DashboardBrowser.assertAccessible(page);
    }
    browser.assertClean();
  }

  @Test
  void csv_and_image_artifacts_preview_in_the_page() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(runs("/" + alpha + "/tasks/report/page"));
      page.locator("tr:has(th:text-is('table')) a:has-text('Preview')").click();
      page.waitForURL("**/artifacts?task=report&name=table");
      Locator table = page.locator("table.csv");
      assertThat(table.locator("thead th").allTextContents())
          .containsExactly("name", "score", "note");
      assertThat(table.locator("tbody tr").count()).isEqualTo(100);
      assertThat(table.locator("tbody tr").nth(0).locator("td").allTextContents())
          .containsExactly("alpha", "1", "the label, quoted");
      assertThat(table.locator("tbody tr").nth(1).locator("td").nth(2).textContent())
          .isEqualTo("line \"0\", with comma");
      assertThat(page.locator("main").textContent()).contains("The first 100 rows");
      DashboardBrowser.screenshot(page, "artifact-csv");
      DashboardBrowser.assertAccessible(page);

      page.navigate(runs("/" + alpha + "/artifacts?task=report&name=picture"));
      Locator img = page.locator("img.artifact-image");
      page.waitForFunction(
          "() => { const i = document.querySelector('img.artifact-image');"
              + " return i.complete && i.naturalWidth === 32; }");
      APIResponse raw = page.request().get(skiff.url(img.getAttribute("src")));
      assertThat(raw.headers().get("content-type")).isEqualTo("image/png");
      assertThat(raw.headers().get("x-content-type-options")).isEqualTo("nosniff");
      assertThat(page.locator("a:has-text('Download')").getAttribute("href"))
          .endsWith("/nodes/report/artifacts/picture:read?raw=true");
    }
    browser.assertClean();
  }

  @Test
  void metrics_show_a_table_a_roc_curve_and_a_confusion_matrix() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(runs("/" + alpha + "/metrics/page"));
      Locator scalars = page.locator("table.scalars");
      assertThat(scalars.textContent()).contains("accuracy").contains("0.8").contains("loss");
      Locator roc = page.locator("svg.roc-svg");
      assertThat(roc.isVisible()).isTrue();
      assertThat(roc.locator("polyline.roc-curve").count()).isEqualTo(1);
      assertThat(roc.locator("title").first().textContent()).isEqualTo("ROC curve");
      assertThat(page.locator("svg.confusion-svg g.cell").count()).isEqualTo(9);
      DashboardBrowser.screenshot(page, "metrics-roc");
      DashboardBrowser.assertAccessible(page);

      // The fragment the run page loads, and a run without metrics.
      String fragment = page.request().get(runs("/" + alpha + "/metrics")).text();
      assertThat(fragment).doesNotContain("<html").contains("roc-curve");
      Response other = page.navigate(runs("/" + alpha + "/metrics/page").replace(alpha, "nope"));
      assertThat(other.status()).isEqualTo(404);
    }
    browser.clearProblems(); // the 404 page logs a failed load
  }

  @Test
  void compare_shows_differing_parameters_metrics_and_overlaid_roc_curves() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(
          skiff.url("/p/" + DashboardServer.profile() + "/compare?runs=" + alpha + "," + beta));
      Locator shift = page.locator("table.params tr:has(th:text-matches('^shift'))");
      assertThat(shift.getAttribute("class")).isEqualTo("diff");
      assertThat(shift.locator("th").textContent()).contains("(differs)");
      List<String> shifts = shift.locator("td").allTextContents();
      assertThat(shifts).hasSize(2);
      assertThat(shifts.get(1)).isEqualTo("0.15");
      assertThat(shifts.get(0)).isNotEqualTo("0.15");
      Locator pause = page.locator("table.params tr:has(th:text-matches('^pause'))");
      assertThat(pause.getAttribute("class")).isNull();
      assertThat(page.locator("table.metrics tr.diff").count()).isEqualTo(2);
      assertThat(page.locator("svg.roc-svg polyline.roc-curve").count()).isEqualTo(2);
      assertThat(page.locator("ul.legend li").count()).isEqualTo(2);
      DashboardBrowser.screenshot(page, "compare");
      DashboardBrowser.assertAccessible(page);

      Response one =
          page.navigate(skiff.url("/p/" + DashboardServer.profile() + "/compare?runs=" + alpha));
      assertThat(one.status()).isEqualTo(400);
      assertThat(page.locator("[role=alert]").textContent()).contains("2 to 10");
    }
    browser.clearProblems(); // the 400 page logs a failed load
  }

  @Test
  void script_payloads_render_inert() throws Exception {
    String id = create(XSS, report, Map.of("label", XSS), "");
    assertThat(await(id)).isEqualTo("SUCCEEDED");
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.onDialog(d -> fail("a dialog opened: " + d.message()));
      String session =
          ctx.cookies().stream()
              .map(c -> c.value)
              .filter(v -> v.length() > 8)
              .findFirst()
              .orElse("?");

      page.navigate(runs("?name=" + URLEncoder.encode("<script>", StandardCharsets.UTF_8)));
      assertThat(page.locator("table.runs td a").first().textContent()).isEqualTo(XSS);

      page.navigate(runs("/" + id + "/tasks/report/page"));
      page.waitForFunction(
          "() => document.querySelector('pre.log').textContent.includes('second line for')");
      assertThat(page.locator("pre.log").textContent()).contains("second line for " + XSS);
      assertThat(page.locator("pre.log img, pre.log script").count()).isZero();
      assertThat(page.locator("table.values td.value").first().textContent()).isEqualTo(XSS);
      assertThat(page.locator("main img").count()).isZero();

      page.navigate(
          skiff.url("/p/" + DashboardServer.profile() + "/compare?runs=" + id + "," + alpha));
      assertThat(page.locator("table.params tr.diff td").first().textContent()).isEqualTo(XSS);

      for (String artifact : List.of("page", "notes")) {
        page.navigate(runs("/" + id + "/artifacts?task=report&name=" + artifact));
        Locator iframe = page.locator("iframe.artifact-frame");
        assertThat(iframe.getAttribute("sandbox")).isEmpty();
        APIResponse raw = page.request().get(skiff.url(iframe.getAttribute("src")));
        String csp = raw.headers().get("content-security-policy");
        assertThat(csp)
            .startsWith("sandbox;")
            .contains("frame-ancestors 'self'")
            .doesNotContain("allow-");
        assertThat(raw.headers().get("x-frame-options")).isEqualTo("SAMEORIGIN");
        Frame frame = iframe.elementHandle().contentFrame();
        frame.waitForLoadState();
        frame
            .locator("h1")
            .waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.ATTACHED));
        assertThat(frame.locator("body").textContent())
            .contains(artifact.equals("page") ? "Report" : "Notes");
        String cookie;
        try {
          cookie =
              String.valueOf(
                  frame.evaluate(
                      "() => { try { return document.cookie; } catch (e) { return 'blocked: ' + e.name; } }"));
        } catch (PlaywrightException e) {
          cookie = "no script runs: " + e.getMessage();
        }
        assertThat(cookie).doesNotContain(session);
        page.waitForTimeout(300); // time for an event handler to fire, were one allowed
      }
    }
    browser.clearProblems(); // the sandbox reports the scripts it blocked
  }

  @Test
  void pages_and_fragments_check_roles_like_the_api() throws Exception {
    ApiTokens tokens =
        new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC());
    String vera = tokens.create("vera@example.com", "e2e", null, null, Duration.ofDays(1)).token();
    String oscar =
        tokens.create("oscar@example.com", "e2e", null, null, Duration.ofDays(1)).token();
    assertThat(get("/api/v1/me", vera).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/me", oscar).statusCode()).isEqualTo(200);
    String profile = DashboardServer.profile();
    json(
        skiff.api(
            "POST",
            "/api/v1/profiles/" + profile + "/members",
            "{\"user\": \"vera@example.com\", \"role\": \"view\"}"));
    String base = "/p/" + profile;
    List<String> pages =
        List.of(
            base + "/runs",
            base + "/runs/" + alpha + "/tasks/report",
            base + "/runs/" + alpha + "/tasks/report/page",
            base + "/runs/" + alpha + "/artifacts?task=report&name=table",
            base + "/runs/" + alpha + "/artifacts/raw?task=report&name=page",
            base + "/runs/" + alpha + "/metrics",
            base + "/compare?runs=" + alpha + "," + beta);
    for (String path : pages) {
      assertThat(get(path, vera).statusCode()).as("view member: " + path).isEqualTo(200);
      HttpResponse<String> other = get(path, oscar);
      assertThat(other.statusCode()).as("not a member: " + path).isEqualTo(403);
      assertThat(other.body()).doesNotContain("alpha");
    }
    // A run shown under another profile's URL is not found there, whoever asks.
    skiff.api("POST", "/api/v1/profiles", "{\"name\":\"second-team\"}");
    for (String path :
        List.of(
            "/p/second-team/runs/" + alpha + "/tasks/report",
            "/p/second-team/runs/" + alpha + "/metrics",
            "/p/second-team/runs/" + alpha + "/artifacts/raw?task=report&name=page")) {
      assertThat(get(path, skiff.token).statusCode()).as(path).isEqualTo(404);
    }
    // Unknown tasks and artifacts are 404 pages; a missing parameter is a 400 page.
    assertThat(get(base + "/runs/" + alpha + "/tasks/nope", skiff.token).statusCode())
        .isEqualTo(404);
    assertThat(
            get(base + "/runs/" + alpha + "/artifacts?task=report&name=nope", skiff.token)
                .statusCode())
        .isEqualTo(404);
    assertThat(get(base + "/runs/" + alpha + "/artifacts?task=report", skiff.token).statusCode())
        .isEqualTo(400);
  }

  // ---- fixtures

  private HttpResponse<String> get(String path, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(skiff.url(path)))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  private static JsonNode shell(String script) {
    ObjectNode spec = JSON.createObjectNode();
    spec.putObject("pipelineInfo").put("name", "shell");
    spec.putObject("components").putObject("comp-sh").put("executorLabel", "exec-sh");
    ObjectNode container =
        spec.putObject("deploymentSpec")
            .putObject("executors")
            .putObject("exec-sh")
            .putObject("container");
    container.put("image", "alpine");
    container.putArray("command").add("sh").add("-c").add(script);
    ObjectNode task = spec.putObject("root").putObject("dag").putObject("tasks").putObject("sh");
    task.putObject("componentRef").put("name", "comp-sh");
    task.putObject("taskInfo").put("name", "sh");
    spec.put("schemaVersion", "2.1.0").put("sdkVersion", "kfp-2.14.3");
    return spec;
  }

  private String create(String name, JsonNode spec, Map<String, Object> params, String exp)
      throws Exception {
    ObjectNode run = JSON.createObjectNode();
    run.put("display_name", name);
    run.set("pipeline_spec", spec);
    run.putObject("runtime_config").set("parameters", JSON.valueToTree(params));
    if (!exp.isEmpty()) {
      run.put("experiment_id", exp);
    }
    return json(skiff.api("POST", "/apis/v2beta1/runs", JSON.writeValueAsString(run)))
        .path("run_id")
        .asText();
  }

  private String await(String id) throws Exception {
    for (int i = 0; i < 600; i++) {
      String state =
          json(skiff.api("GET", "/apis/v2beta1/runs/" + id, null)).path("state").asText();
      if (List.of("SUCCEEDED", "FAILED", "CANCELED", "SKIPPED").contains(state)) {
        return state;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + id + " did not finish in 60 s");
  }

  private void awaitLog(String id, String text) throws Exception {
    for (int i = 0; i < 600; i++) {
      HttpResponse<String> r =
          skiff.api("GET", "/apis/v2beta1/runs/" + id + "/logs?task=report", null);
      if (r.statusCode() == 200 && r.body().contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run " + id + " did not log '" + text + "' in 60 s");
  }
}
