package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import dev.skiff.server.auth.ApiTokens;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard issue's acceptance flow as one user journey in Chromium against a real server,
 * moving through the pages by their links and buttons as a person does: sign in with the one-time
 * link, upload a pipeline with the file picker, start a run from the generated form, watch its
 * graph turn green live, read a task's log, preview a CSV and an image artifact, see the metrics
 * table and the ROC curve, clone the run with another parameter value and compare the two runs,
 * create and disable a recurring run, and add a contributor with {@code view} who then sees the
 * profile and its runs but can start nothing. Screenshots {@code journey-NN-*.png} are saved at
 * each step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardJourneyE2E {
  private static final String CONTRIBUTOR = "casey@example.com";
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f-]{27}";
  private static final double LONG = 60_000;

  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;
  String profile;
  String contributorToken;
  final List<String> dialogs = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home);
    profile = DashboardServer.profile();
    // The contributor's own credential (in a deployment: their sign-in or a token they made).
    contributorToken =
        new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC())
            .create(CONTRIBUTOR, "e2e", null, null, Duration.ofHours(1))
            .token();
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

  /** No page of this journey asks anything; a dialog would be a payload or a stray confirm. */
  private Page watched(Page page) {
    page.onDialog(
        d -> {
          dialogs.add(d.type() + ": " + d.message());
          d.dismiss();
        });
    return page;
  }

  private static Locator nav(Page page, String text) {
    return page.locator(
        "header nav a", new Page.LocatorOptions().setHasText(Pattern.compile("^" + text + "$")));
  }

  private static void shot(Page page, String name) {
    DashboardBrowser.screenshot(page, "journey-" + name);
  }

  @Test
  void a_user_goes_from_sign_in_to_a_compared_run_a_schedule_and_a_contributor() throws Exception {
    byte[] pipelineFile;
    try (InputStream in = getClass().getResourceAsStream("/web/runs-report.yaml")) {
      pipelineFile = in.readAllBytes();
    }
    Pattern runPage = Pattern.compile(".*/p/" + profile + "/runs/" + UUID + "$");
    String pipelineId;
    String firstRun;
    String secondRun;

    try (BrowserContext ctx = browser.newContext(1400, 900)) {
      // 1. Sign in with the one-time link: the default profile's home.
      Page page = watched(skiff.signIn(ctx));
      assertThat(page.url()).endsWith("/p/" + profile);
      assertThat(page.locator("h1").textContent()).isEqualTo(profile);
      assertThat(page.locator(".switcher summary").textContent()).contains(profile);
      assertThat(page.locator("main .empty").first().textContent()).contains("No runs yet");
      shot(page, "01-home");

      // 2. Upload the pipeline with the file picker.
      page.locator("main a", new Page.LocatorOptions().setHasText("Upload a pipeline")).click();
      page.waitForURL("**/pipelines/upload");
      page.setInputFiles(
          "#uploadfile", new FilePayload("journey-report.yaml", "application/yaml", pipelineFile));
      assertThat(page.locator("#uploadfile-chosen").textContent()).contains("journey-report.yaml");
      page.getByLabel("Display name").fill("Journey report");
      page.locator("#pipeline-upload textarea[name=description]").fill("metrics, a CSV and a PNG");
      shot(page, "02-upload");
      page.locator("#pipeline-upload button[type=submit]").click();
      page.waitForURL(Pattern.compile(".*/p/" + profile + "/pipelines/" + UUID + "$"));
      pipelineId = page.url().substring(page.url().lastIndexOf('/') + 1);
      assertThat(page.locator("h1").textContent()).isEqualTo("Journey report");
      assertThat(page.locator("section[aria-labelledby=inputs-title] tbody tr").count())
          .isEqualTo(3);

      // 3. The run form generated from the pipeline's inputs: fill fields, start the run.
      page.locator("a.button", new Page.LocatorOptions().setHasText("Run")).click();
      page.waitForURL(Pattern.compile(".*/run\\?version=.*"));
      assertThat(page.locator("#param-label").inputValue()).isEqualTo("plain");
      assertThat(page.locator("#param-shift").getAttribute("type")).isEqualTo("number");
      page.getByLabel("Run name").fill("journey first");
      page.locator("#param-label").fill("journey-a");
      // a pause between the step's two log lines: time to watch it run
      page.locator("#param-pause").fill("8");
      shot(page, "03-run-form");
      page.locator("#run-form button[type=submit]").click();

      // 4. The run page: the graph turns green live, without a reload.
      page.waitForURL(runPage);
      firstRun = page.url().substring(page.url().lastIndexOf('/') + 1);
      printFirstContentfulPaint(page);
      page.evaluate("() => { window.journeySameDocument = true; }");
      Locator node = page.locator("#graph [data-task='report']");
      assertThat(node.getAttribute("class")).doesNotContain("state-succeeded");
      assertThat(page.locator("#run-state").textContent()).isIn("Pending", "Running");
      assertThat(page.locator(".run-metrics").textContent()).contains("logged no metrics");
      // open the task while it runs: its panel streams the log
      page.waitForSelector(
          "#graph [data-task='report'].state-running",
          new Page.WaitForSelectorOptions().setTimeout(LONG));
      node.click();
      assertThat(page.url()).contains("task=report");
      Locator log = page.locator("#task-panel pre.log");
      PlaywrightAssertions.assertThat(log)
          .containsText(
              "first line of the report",
              new LocatorAssertions.ContainsTextOptions().setTimeout(LONG));
      page.waitForSelector(
          "#graph [data-task='report'].state-succeeded",
          new Page.WaitForSelectorOptions().setTimeout(LONG));
      page.waitForSelector("#run-state.state-succeeded");
      assertThat(page.locator("#run-state").textContent()).isEqualTo("Succeeded");
      assertThat(page.locator("#graph .node:not(.state-succeeded)").count()).isZero();
      PlaywrightAssertions.assertThat(log)
          .containsText(
              "second line for journey-a",
              new LocatorAssertions.ContainsTextOptions().setTimeout(LONG));
      PlaywrightAssertions.assertThat(page.locator("#task-panel h2")).containsText("Succeeded");
      // the metrics the run logged: the scalar table and the ROC curve, also without a reload
      Locator scalars = page.locator(".run-metrics table.scalars");
      PlaywrightAssertions.assertThat(scalars).isVisible();
      assertThat(scalars.textContent()).contains("accuracy").contains("0.8").contains("loss");
      Locator roc = page.locator(".run-metrics svg.roc-svg");
      PlaywrightAssertions.assertThat(roc).isVisible();
      assertThat(roc.locator("polyline.roc-curve").count()).isEqualTo(1);
      assertThat(page.evaluate("() => window.journeySameDocument === true")).isEqualTo(true);
      log.scrollIntoViewIfNeeded();
      shot(page, "04-run-live");
      DashboardBrowser.assertAccessible(page);

      // 5. Preview the CSV artifact from the task panel.
      page.locator("#task-panel tr:has(th:text-is('table')) a:has-text('Preview')").click();
      page.waitForURL("**/artifacts?task=report&name=table");
      Locator csv = page.locator("table.csv");
      PlaywrightAssertions.assertThat(csv).isVisible();
      assertThat(csv.locator("thead th").allTextContents())
          .containsExactly("name", "score", "note");
      assertThat(csv.locator("tbody tr").first().locator("td").allTextContents())
          .containsExactly("journey-a", "1", "the label, quoted");
      shot(page, "05-artifact-csv");

      // 6. Back to the task by the breadcrumb, then preview the image artifact.
      page.locator("p.crumbs a", new Page.LocatorOptions().setHasText("report")).click();
      page.waitForURL("**/tasks/report/page");
      page.locator("tr:has(th:text-is('picture')) a:has-text('Preview')").click();
      page.waitForURL("**/artifacts?task=report&name=picture");
      page.waitForFunction(
          "() => { const i = document.querySelector('img.artifact-image');"
              + " return i && i.complete && i.naturalWidth > 0; }");
      assertThat(page.evaluate("() => document.querySelector('img.artifact-image').naturalWidth"))
          .isEqualTo(32);
      shot(page, "06-artifact-image");

      // 7. Clone the run from its page with another parameter value.
      page.locator("p.crumbs a", new Page.LocatorOptions().setHasText("journey first")).click();
      page.waitForURL(runPage);
      page.locator("[data-action=clone]").click();
      page.waitForURL(Pattern.compile(".*/run\\?version=.*&from=" + firstRun + "$"));
      assertThat(page.locator("#param-label").inputValue()).isEqualTo("journey-a");
      assertThat(page.getByLabel("Run name").inputValue()).isEqualTo("Clone of journey first");
      page.locator("#param-label").fill("journey-b");
      page.locator("#param-shift").fill("0.1");
      page.locator("#param-pause").fill("0");
      page.locator("#run-form button[type=submit]").click();
      page.waitForURL(runPage);
      secondRun = page.url().substring(page.url().lastIndexOf('/') + 1);
      assertThat(secondRun).isNotEqualTo(firstRun);
      page.waitForSelector(
          "#run-state.state-succeeded", new Page.WaitForSelectorOptions().setTimeout(LONG));

      // 8. Compare the two runs from the runs list: the parameters that differ are marked.
      nav(page, "Runs").click();
      page.waitForURL("**/p/" + profile + "/runs");
      assertThat(page.locator("table.runs tbody tr").count()).isEqualTo(2);
      Locator compare = page.locator("#compare-button");
      assertThat(compare.isDisabled()).isTrue();
      page.locator("tr[data-run='" + firstRun + "'] input.pick").check();
      page.locator("tr[data-run='" + secondRun + "'] input.pick").check();
      assertThat(compare.isEnabled()).isTrue();
      compare.click();
      page.waitForURL("**/compare?runs=*");
      assertThat(page.url()).contains(firstRun).contains(secondRun);
      assertThat(page.locator("h1").textContent()).isEqualTo("Compare 2 runs");
      Locator label = page.locator("table.params tr:has(th:text-matches('^label'))");
      assertThat(label.getAttribute("class")).isEqualTo("diff");
      assertThat(label.locator("th").textContent()).contains("(differs)");
      assertThat(label.locator("td").allTextContents())
          .containsExactlyInAnyOrder("journey-a", "journey-b");
      assertThat(
              page.locator("table.params tr:has(th:text-matches('^shift'))").getAttribute("class"))
          .isEqualTo("diff");
      assertThat(page.locator("svg.roc-svg polyline.roc-curve").count()).isEqualTo(2);
      shot(page, "07-compare");
      DashboardBrowser.assertAccessible(page);

      // 9. A recurring run: the preview of its next 5 ticks, then create it and disable it.
      nav(page, "Recurring runs").click();
      page.waitForURL("**/p/" + profile + "/schedules");
      page.locator("main a", new Page.LocatorOptions().setHasText("New recurring run")).click();
      page.waitForURL("**/schedules/new");
      Locator ticks = page.locator("#tick-preview ol.ticks li");
      PlaywrightAssertions.assertThat(ticks).hasCount(5);
      page.locator("input[name=display_name]").fill("weekday report");
      page.locator("select[name=pipeline]").selectOption(pipelineId + "/");
      page.locator("input[name=cron]").fill("0 30 6 * * 1-5");
      PlaywrightAssertions.assertThat(ticks.first()).containsText("06:30:00 UTC");
      PlaywrightAssertions.assertThat(ticks).hasCount(5);
      page.locator("textarea[name=parameters]").fill("{\"label\": \"scheduled\"}");
      page.locator("#schedule-form button[type=submit]").click();
      page.waitForURL(Pattern.compile(".*/schedules/" + UUID + "$"));
      assertThat(page.locator("h1").textContent()).contains("weekday report");
      assertThat(page.locator("#schedule-state").textContent()).isEqualTo("Enabled");
      assertThat(page.locator("aside ol.ticks li").count()).isEqualTo(5);
      page.locator("main button", new Page.LocatorOptions().setHasText("Disable")).click();
      PlaywrightAssertions.assertThat(page.locator("#schedule-state")).hasText("Disabled");
      assertThat(page.locator("aside").textContent()).contains("no tick fires");
      shot(page, "08-schedule");

      // 10. Profile settings: add a contributor with the view role.
      nav(page, "Profile").click();
      page.waitForURL("**/p/" + profile + "/settings");
      Locator add = page.locator("#add-member");
      add.locator("input[name=user]").fill(CONTRIBUTOR);
      add.locator("select[name=role]").selectOption("view");
      add.locator("button[type=submit]").click();
      Locator member = page.locator("tr[data-member='" + CONTRIBUTOR + "']");
      PlaywrightAssertions.assertThat(member).isVisible();
      assertThat(member.locator("select[name=role]").inputValue()).isEqualTo("view");
      shot(page, "09-members");
    }

    // 11. The contributor, in a browser of their own: sees the profile and its runs, starts
    // nothing.
    try (BrowserContext ctx = browser.newContext(1400, 900)) {
      ctx.setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + contributorToken));
      Page page = watched(ctx.newPage());
      page.navigate(skiff.url("/"));
      page.locator(".switcher summary").click();
      page.locator(".switcher li a", new Page.LocatorOptions().setHasText(profile)).click();
      page.waitForURL("**/p/" + profile);
      assertThat(page.locator("h1").textContent()).isEqualTo(profile);
      assertThat(page.locator(".switcher summary").textContent()).contains(profile);
      assertThat(page.locator("table[data-live-runs] tbody tr").count()).isEqualTo(2);
      assertThat(page.locator("main a", new Page.LocatorOptions().setHasText("Upload")).count())
          .isZero();
      assertThat(page.locator("main a", new Page.LocatorOptions().setHasText("New run")).count())
          .isZero();

      nav(page, "Runs").click();
      page.waitForURL("**/p/" + profile + "/runs");
      assertThat(page.locator("table.runs tbody tr").count()).isEqualTo(2);
      page.locator("table.runs a:text-is('journey first')").click();
      page.waitForURL(runPage);
      PlaywrightAssertions.assertThat(page.locator("#run-state")).hasText("Succeeded");
      page.waitForSelector("#graph [data-task='report'].state-succeeded");
      assertThat(page.locator("[data-action]").count()).as("run actions").isZero();
      assertThat(
              page.locator("main button", new Page.LocatorOptions().setHasText("Cancel")).count())
          .isZero();
      PlaywrightAssertions.assertThat(page.locator(".run-metrics table.scalars")).isVisible();
      shot(page, "10-contributor");

      page.locator(".run-facts a[href$='/pipelines/" + pipelineId + "']").click();
      page.waitForURL("**/pipelines/" + pipelineId + "*");
      assertThat(page.locator("h1").textContent()).isEqualTo("Journey report");
      assertThat(page.locator("a.button", new Page.LocatorOptions().setHasText("Run")).count())
          .isZero();
      assertThat(page.locator("#version-upload").count()).isZero();
      nav(page, "Pipelines").click();
      page.waitForURL("**/p/" + profile + "/pipelines");
      assertThat(page.getByText("Upload a pipeline").count()).isZero();

      // No page links to the run form for a viewer; asked for directly, it answers 403.
      Response form =
          page.navigate(skiff.url("/p/" + profile + "/pipelines/" + pipelineId + "/run"));
      assertThat(form.status()).isEqualTo(403);
      assertThat(page.locator("[role=alert]").first().textContent()).contains("view");
    }
    assertThat(dialogs).as("dialogs").isEmpty();
    browser.assertClean();
  }

  /** Prints the run page's first contentful paint (the target: at most 1 s). */
  private static void printFirstContentfulPaint(Page page) {
    page.waitForFunction(
        "() => performance.getEntriesByType('paint')"
            + ".some(p => p.name === 'first-contentful-paint')");
    double fcp =
        ((Number)
                page.evaluate(
                    "() => performance.getEntriesByType('paint')"
                        + ".find(p => p.name === 'first-contentful-paint').startTime"))
            .doubleValue();
    System.out.printf("journey: run page first-contentful-paint %.0f ms%n", fcp);
    assertThat(fcp).isPositive();
  }
}
