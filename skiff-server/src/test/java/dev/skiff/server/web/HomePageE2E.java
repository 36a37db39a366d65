package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile's home in Chromium: the resources its running steps use against its quota, the
 * notebooks entry, and recent runs whose state badges follow the run without a reload while a run's
 * name carrying markup stays text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomePageE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String XSS = "<img src=x onerror=alert(1)>";

  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;
  String profile;

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    // the local user administers this platform, so the test can set the profile's quota
    skiff = new DashboardServer(home, Set.of(DashboardServer.localUser()));
    profile = DashboardServer.profile();
    ok(
        skiff.api(
            "PUT", "/api/v1/profiles/" + profile + "/quota", "{\"steps\": 4, \"cpu\": \"2\"}"));
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
    return JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
  }

  /** Starts a one-step run that sleeps {@code seconds}. */
  private String startRun(String name, int seconds) throws Exception {
    String spec =
        """
        components:
          comp-nap: {executorLabel: exec-nap}
        deploymentSpec:
          executors:
            exec-nap:
              container: {image: alpine, command: [sh, -c, 'sleep %d']}
        pipelineInfo: {name: nap}
        root:
          dag:
            tasks:
              nap:
                componentRef: {name: comp-nap}
                taskInfo: {name: nap}
        schemaVersion: 2.1.0
        sdkVersion: kfp-2.14.6
        """
            .formatted(seconds);
    ObjectNode body = JSON.createObjectNode();
    body.putObject("pipeline").put("display_name", "nap " + seconds).put("namespace", profile);
    body.putObject("pipeline_version").put("display_name", "v1").put("pipeline_spec", spec);
    String pipelineId =
        ok(skiff.api("POST", "/apis/v2beta1/pipelines/create", body.toString()))
            .path("pipeline_id")
            .asText();
    String versionId =
        ok(skiff.api("GET", "/apis/v2beta1/pipelines/" + pipelineId + "/versions", null))
            .path("pipeline_versions")
            .get(0)
            .path("pipeline_version_id")
            .asText();
    ObjectNode run = JSON.createObjectNode().put("display_name", name);
    run.putObject("pipeline_version_reference")
        .put("pipeline_id", pipelineId)
        .put("pipeline_version_id", versionId);
    return ok(skiff.api("POST", "/apis/v2beta1/runs?cache=false", run.toString()))
        .path("run_id")
        .asText();
  }

  @Test
  void resources_against_the_quota_notebooks_and_live_recent_runs_with_names_as_text()
      throws Exception {
    String holder = startRun("holder", 300);
    try (BrowserContext ctx = browser.newContext(1300, 900)) {
      Page page = skiff.signIn(ctx);
      page.onDialog(d -> fail("a script ran in the page: dialog '" + d.message() + "'"));

      // Resources: the running step counts against the quota's limits.
      Locator steps =
          page.locator("table.resources tr", new Page.LocatorOptions().setHasText("Steps running"));
      long deadline = System.currentTimeMillis() + 60_000;
      while (!"1".equals(steps.locator("td").first().textContent().strip())) {
        assertThat(System.currentTimeMillis()).as("the holder step runs").isLessThan(deadline);
        Thread.sleep(500);
        page.reload();
      }
      assertThat(steps.locator("td").nth(1).textContent()).isEqualTo("4");
      assertThat(steps.locator(".meter").getAttribute("aria-label")).isEqualTo("25 % of the limit");
      Locator cpu = page.locator("table.resources tr", new Page.LocatorOptions().setHasText("CPU"));
      assertThat(cpu.locator("td").nth(1).textContent()).isEqualTo("2 cores");
      assertThat(page.locator("table.resources tbody tr").allTextContents())
          .anySatisfy(t -> assertThat(t).startsWith("Memory"))
          .anySatisfy(t -> assertThat(t).startsWith("GPUs"));
      assertThat(page.locator("a[href='/p/" + profile + "/notebooks']").count())
          .isGreaterThanOrEqualTo(1);
      // The notebooks entry (a fragment): none yet, and a New button for an owner.
      assertThat(page.locator("#notebooks + div p.empty").textContent())
          .contains("No notebook servers yet");
      assertThat(
              page.locator("#notebooks + div a[href='/p/" + profile + "/notebooks/new']").count())
          .isEqualTo(1);
      ok(skiff.api("POST", "/apis/v2beta1/runs/" + holder + ":terminate", null));

      // A run started now shows up with its name as text; its badge turns green without a reload.
      String runId = startRun(XSS, 2);
      page.reload();
      page.evaluate("() => { window.skiffSameDocument = true; }");
      Locator row = page.locator("table[data-live-runs] tr[data-run='" + runId + "']");
      assertThat(row.locator("td a").textContent()).isEqualTo(XSS);
      assertThat(page.locator("main img").count()).isZero();
      row.locator(".state.state-succeeded")
          .waitFor(new Locator.WaitForOptions().setTimeout(60_000));
      assertThat(row.locator(".state").textContent()).isEqualTo("Succeeded");
      assertThat(page.evaluate("() => window.skiffSameDocument === true")).isEqualTo(true);
      DashboardBrowser.screenshot(page, "home-resources");
      DashboardBrowser.assertAccessible(page);
    }
    browser.assertClean();
  }
}
