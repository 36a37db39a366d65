package dev.skiff.server.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.Cookie;
import dev.skiff.server.auth.BrowserSessions;
import dev.skiff.server.web.DashboardBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jupyter's classic pages in a real browser through the proxy: the file list loads, a notebook
 * opens, its kernel connects over the proxied WebSocket and runs a cell, with no console error (a
 * script the policy blocked would show there); the page of a stopped notebook offers Start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebookProxyE2E {
  private static final String NB = "/notebook/" + ProxiedJupyter.TEAM + "/nb1/";
  private static final String NOTEBOOK =
      """
      {"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
        "source": ["6*7"]}],
       "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
        "name": "python3"}},
       "nbformat": 4, "nbformat_minor": 5}
      """;

  @TempDir static Path home;
  @TempDir static Path jupyterDir;
  private DashboardBrowser browser;
  private ProxiedJupyter fixture;

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    fixture = new ProxiedJupyter(home, jupyterDir);
    Files.writeString(fixture.jupyter.root.resolve("hello.txt"), "hello\n");
    Files.writeString(fixture.jupyter.root.resolve("calc.ipynb"), NOTEBOOK);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      if (browser != null) {
        browser.close();
      }
    }
  }

  private BrowserContext signedIn(String user) throws Exception {
    BrowserContext ctx = browser.newContext();
    ctx.addCookies(
        List.of(
            new Cookie(BrowserSessions.PLAIN_COOKIE, fixture.sessionCookieValue(user))
                .setUrl(fixture.origin + "/")
                .setHttpOnly(true)));
    return ctx;
  }

  @Test
  void the_notebook_ui_loads_and_runs_a_cell_through_the_proxy() throws Exception {
    try (BrowserContext ctx = signedIn(ProxiedJupyter.EDDIE)) {
      Page page = ctx.newPage();
      page.navigate(fixture.origin + NB);
      assertThat(page.url()).contains(NB + "tree");
      page.locator("#notebook_list >> text=hello.txt").waitFor();
      assertThat(page.locator("#notebook_list >> text=calc.ipynb").count()).isEqualTo(1);
      assertThat(page.content()).doesNotContain(fixture.jupyter.token);
      DashboardBrowser.screenshot(page, "notebook-proxy-tree");

      page.navigate(fixture.origin + NB + "notebooks/calc.ipynb");
      page.locator("#kernel_indicator_icon.kernel_idle_icon")
          .waitFor(new Locator.WaitForOptions().setTimeout(60_000));
      page.locator(".cell .CodeMirror").first().click();
      page.keyboard().press("Shift+Enter");
      Locator result = page.locator(".output_result pre").first();
      result.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
      assertThat(result.textContent().strip()).isEqualTo("42");
      DashboardBrowser.screenshot(page, "notebook-proxy-cell");
      assertThat(page.content()).doesNotContain(fixture.jupyter.token);
    }
    browser.assertClean();
  }

  @Test
  void a_stopped_notebook_shows_its_status_and_a_start_button() throws Exception {
    try (BrowserContext ctx = signedIn(ProxiedJupyter.EDDIE)) {
      Page page = ctx.newPage();
      Response r = page.navigate(fixture.origin + "/notebook/" + ProxiedJupyter.TEAM + "/nb2/");
      assertThat(r.status()).isEqualTo(503);
      assertThat(page.locator("h1").textContent()).contains("nb2");
      assertThat(page.locator("main").textContent())
          .contains("Stopped")
          .contains("stopped by alice@example.com");
      assertThat(page.locator("main button[data-api]").textContent()).isEqualTo("Start");
      DashboardBrowser.screenshot(page, "notebook-proxy-stopped");
      DashboardBrowser.assertAccessible(page);
    }
    browser.clearProblems(); // the 503 itself is logged as a failed load
  }
}
