package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run page of a large run whose graph has a new shape: the page comes without waiting for the
 * layout (a placeholder), which is made in the background, and the page's script fetches the
 * drawing. The profile's quota of 0 steps fails the run at once: no step runs, and the graph (from
 * the pipeline) still has all 300.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeRunGraphE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STEPS = 300;

  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;
  String profile;

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home, Set.of(DashboardServer.localUser()));
    profile = DashboardServer.profile();
    ok(skiff.api("PUT", "/api/v1/profiles/" + profile + "/quota", "{\"steps\": 0}"));
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

  /** {@code STEPS} steps in layers of 15, each waiting for one of the layer above. */
  private static String layered() {
    StringBuilder b =
        new StringBuilder(
            """
            components:
              comp-nap: {executorLabel: exec-nap}
            deploymentSpec:
              executors:
                exec-nap:
                  container: {image: alpine, command: [sh, -c, 'sleep 1']}
            pipelineInfo: {name: many}
            root:
              dag:
                tasks:
            """);
    for (int i = 0; i < STEPS; i++) {
      b.append("      s").append(i).append(":\n");
      b.append("        componentRef: {name: comp-nap}\n");
      if (i >= 15) {
        b.append("        dependentTasks: [s").append(i - 15).append("]\n");
      }
      b.append("        taskInfo: {name: s").append(i).append("}\n");
    }
    b.append("schemaVersion: 2.1.0\nsdkVersion: kfp-2.14.6\n");
    return b.toString();
  }

  @Test
  void the_page_shows_a_placeholder_and_the_script_fetches_the_drawing_when_laid_out()
      throws Exception {
    ObjectNode run = JSON.createObjectNode().put("display_name", "many steps");
    run.put("pipeline_spec", layered());
    HttpResponse<String> made = skiff.api("POST", "/apis/v2beta1/runs", run.toString());
    String runId = ok(made).path("run_id").asText();
    try (BrowserContext ctx = browser.newContext(1400, 900)) {
      Page page = skiff.signIn(ctx);
      Response first = page.navigate(skiff.url("/p/" + profile + "/runs/" + runId));
      assertThat(first.text()).contains("Laying out the graph").doesNotContain("task-graph\"");
      page.waitForSelector("#graph svg.task-graph");
      assertThat(page.locator("#graph [data-task]").count()).isEqualTo(STEPS);
      assertThat(page.locator("#graph-count").textContent())
          .isEqualTo(STEPS + " of " + STEPS + " nodes drawn");
      assertThat(page.locator("#graph [tabindex='0']").count()).isOne();
      assertThat(page.locator("#graph .laying-out").count()).isZero();
      DashboardBrowser.screenshot(page, "run-graph-large");

      // the layout is known now: the page draws it at once
      Response again = page.navigate(skiff.url("/p/" + profile + "/runs/" + runId));
      assertThat(again.text()).contains("task-graph\"").doesNotContain("Laying out the graph");
      DashboardBrowser.assertAccessible(page);
    }
    browser.assertClean();
  }
}
