package dev.skiff.server.web.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.skiff.server.web.DashboardBrowser;
import dev.skiff.server.web.DashboardServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks issue's browser flow, through the pages' links and buttons with a real Jupyter
 * server (Debian's classic Notebook): the spawner form → the details page reaches Running by itself
 * → Connect opens the Jupyter UI through the proxy with the workspace's files → the list stops,
 * starts and deletes it (with its workspace), its status changing live without a reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksJourneyE2E {
  @TempDir static Path home;
  DashboardServer skiff;
  DashboardBrowser browser;
  String profile;

  @BeforeAll
  void start() throws Exception {
    Jupyter.assumeInstalled();
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home);
    profile = DashboardServer.profile();
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

  @Test
  void spawn_connect_stop_start_and_delete_from_the_pages() throws Exception {
    try (BrowserContext ctx = browser.newContext(1280, 900)) {
      Page page = skiff.signIn(ctx);
      page.onDialog(d -> fail("a dialog opened: " + d.message()));

      // The home page's entry leads to the list, which is empty.
      page.navigate(skiff.url("/p/" + profile));
      page.locator("#notebooks + div a", new Page.LocatorOptions().setHasText("All notebooks"))
          .click();
      page.waitForURL("**/p/" + profile + "/notebooks");
      assertThat(page.locator("main .empty").textContent()).contains("No notebook servers yet");
      DashboardBrowser.screenshot(page, "notebooks-01-empty");

      // The spawner form.
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New notebook")).click();
      page.waitForURL("**/notebooks/new");
      page.locator("#nb-name").fill("journey");
      Locator env = page.locator("#nb-environment");
      assertThat(env.locator("option:checked").count()).isEqualTo(1);
      page.locator("#nb-cpu").fill("0.5");
      page.locator("#nb-memory").fill("512Mi");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add variable")).click();
      page.locator("[data-rows=env] .row-key").fill("GREETING");
      page.locator("[data-rows=env] .row-value").fill("hello");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add volume")).click();
      page.locator("[data-rows=datavols] .row-key").fill("team-data");
      page.locator("[data-rows=datavols] .row-value").fill("data");
      waitFor(
          () -> !page.locator("[data-configurations]").textContent().contains("Loading"),
          "the notebook settings load",
          Duration.ofSeconds(30));
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "notebooks-02-form");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch")).click();
      page.waitForURL("**/p/" + profile + "/notebooks/journey");

      // The details page follows the status by itself until the server answers.
      waitForStatus(page, "#notebook-status", "Running", Duration.ofMinutes(2));
      assertThat(page.locator("main dl.facts").textContent())
          .contains("GREETING=hello")
          .contains("team-data at data")
          .contains("512.0 MiB")
          .contains("/notebook/" + profile + "/journey/");
      assertThat(page.locator("table.nb-events tbody tr").count()).isGreaterThanOrEqualTo(1);
      waitFor(
          () -> !page.locator("#notebook-log").textContent().startsWith("Loading"),
          "the server log loads",
          Duration.ofSeconds(15));
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "notebooks-03-detail-running");
      browser.assertClean();

      // Connect: the classic Notebook's file list of the workspace, through the proxy.
      Path workspace = home.resolve("workspaces").resolve(profile).resolve("journey");
      Files.writeString(workspace.resolve("hello-from-the-test.txt"), "hi\n");
      Page jupyter =
          ctx.waitForPage(
              () ->
                  page.locator("main p.actions a", new Page.LocatorOptions().setHasText("Connect"))
                      .click());
      jupyter.waitForLoadState();
      assertThat(jupyter.url()).contains("/notebook/" + profile + "/journey/");
      waitFor(
          () ->
              jupyter.locator("#notebook_list").count() == 1
                  && jupyter
                      .locator("#notebook_list")
                      .textContent()
                      .contains("hello-from-the-test.txt"),
          () ->
              "the workspace's files in Jupyter's list at "
                  + jupyter.url()
                  + " ('"
                  + jupyter.title()
                  + "'): "
                  + DashboardBrowser.screenshot(jupyter, "notebooks-04-jupyter-failed"),
          Duration.ofSeconds(30));
      assertThat(jupyter.title()).containsIgnoringCase("Home");
      DashboardBrowser.screenshot(jupyter, "notebooks-04-jupyter");
      jupyter.close();
      // What Jupyter's own pages log is theirs (e.g. a missing MathJax in Debian's package).
      browser.clearProblems();

      // The list: Stop and Start change the status live, without a reload.
      page.navigate(skiff.url("/p/" + profile + "/notebooks"));
      Locator row = page.locator("tr[data-notebook=journey]");
      assertThat(row.getAttribute("data-status")).isEqualTo("Running");
      assertThat(row.locator("a", new Locator.LocatorOptions().setHasText("Connect")).count())
          .isEqualTo(1);
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "notebooks-05-list-running");
      page.evaluate("() => { window.skiffSameDocument = true; }");
      row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Stop journey"))
          .click();
      waitForStatus(page, "tr[data-notebook=journey]", "Stopped", Duration.ofMinutes(1));
      assertThat(row.locator("a", new Locator.LocatorOptions().setHasText("Connect")).count())
          .isZero();
      DashboardBrowser.screenshot(page, "notebooks-06-list-stopped");
      assertThat(Files.exists(workspace.resolve("hello-from-the-test.txt")))
          .as("stop keeps the workspace")
          .isTrue();
      row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Start journey"))
          .click();
      waitForStatus(page, "tr[data-notebook=journey]", "Running", Duration.ofMinutes(2));
      assertThat(page.evaluate("() => window.skiffSameDocument === true"))
          .as("the status changed without a reload")
          .isEqualTo(true);

      // Delete, with the workspace, through the dialog.
      row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete journey"))
          .click();
      Locator dialog = page.locator("#delete-dialog");
      assertThat(dialog.isVisible()).isTrue();
      assertThat(dialog.locator("h2").textContent()).contains("journey");
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "notebooks-07-delete-dialog");
      dialog.getByLabel("Also delete its workspace").check();
      dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
      waitFor(
          () -> page.locator("main .empty").count() == 1,
          "the list is empty again",
          Duration.ofSeconds(30));
      waitFor(() -> !Files.exists(workspace), "the workspace is deleted", Duration.ofSeconds(30));
      browser.assertClean();
    }
  }

  /** Waits until the element's {@code data-status} (or its text) is {@code status}. */
  private static void waitForStatus(Page page, String selector, String status, Duration max)
      throws InterruptedException {
    List<String> seen = new ArrayList<>();
    waitFor(
        () -> {
          try {
            Locator l = page.locator(selector);
            String now = l.count() == 0 ? "(none)" : l.getAttribute("data-status");
            if (seen.isEmpty() || !seen.getLast().equals(now)) {
              seen.add(now);
            }
            return status.equals(now);
          } catch (RuntimeException e) {
            return false; // the page is being reloaded
          }
        },
        () -> selector + " becomes " + status + " (seen " + seen + ")",
        max);
  }

  private static void waitFor(Supplier<Boolean> condition, String what, Duration max)
      throws InterruptedException {
    waitFor(condition, () -> what, max);
  }

  private static void waitFor(Supplier<Boolean> condition, Supplier<String> what, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!Boolean.TRUE.equals(condition.get())) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting: " + what.get());
      }
      Thread.sleep(250);
    }
  }
}
