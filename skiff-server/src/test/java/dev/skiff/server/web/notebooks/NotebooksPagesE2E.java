package dev.skiff.server.web.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.skiff.server.auth.ApiTokens;
import dev.skiff.server.web.DashboardBrowser;
import dev.skiff.server.web.DashboardServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebooks pages with what can go wrong: an unknown or malformed notebook is a 404 page, a
 * {@code view} member sees the notebooks but no control and is refused the form and every change,
 * the API's refusal of a bad form is shown next to the field it names, and strings from users and
 * from the server's log render as text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotebooksPagesE2E {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";
  static final String VIEWER = "vera@example.com";

  @TempDir static Path home;
  DashboardServer skiff;
  DashboardBrowser browser;
  String profile;
  String viewerToken;
  final HttpClient http = HttpClient.newHttpClient();
  final List<String> dialogs = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    Jupyter.assumeInstalled();
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home);
    profile = DashboardServer.profile();
    ApiTokens tokens =
        new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC());
    viewerToken = tokens.create(VIEWER, "pages", null, null, Duration.ofDays(1)).token();
    ok(
        skiff.api(
            "POST",
            "/api/v1/profiles/" + profile + "/members",
            "{\"user\": \"" + VIEWER + "\", \"role\": \"view\"}"));
    // A notebook whose variables carry script payloads; stopped, since no page needs it running.
    ok(
        skiff.api(
            "POST",
            api(""),
            JSON.writeValueAsString(Map.of("name", "payload", "env", Map.of("XSS", XSS)))));
    ok(skiff.api("PATCH", api("/payload"), "{\"stopped\": true}"));
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
  @Order(1)
  void an_unknown_or_malformed_notebook_is_a_404_page() throws Exception {
    for (String name : List.of("no-such-notebook", "Not_A_Name", "-")) {
      HttpResponse<String> r = get(skiff.token, "/p/" + profile + "/notebooks/" + name);
      assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(404);
      assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      assertThat(r.body()).contains("role=\"alert\"").doesNotContain("error id");
    }
  }

  @Test
  @Order(2)
  void a_view_member_sees_the_notebooks_without_controls_and_cannot_change_them() throws Exception {
    try (BrowserContext ctx = browser.newContext()) {
      ctx.setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + viewerToken));
      Page page = watched(ctx.newPage());
      page.navigate(skiff.url("/p/" + profile + "/notebooks"));
      assertThat(page.locator("tr[data-notebook=payload]").count()).isEqualTo(1);
      assertThat(page.locator("main button").count()).as("no Stop/Start/Delete").isZero();
      assertThat(
              page.locator("main a", new Page.LocatorOptions().setHasText("New notebook")).count())
          .isZero();
      page.navigate(skiff.url("/p/" + profile + "/notebooks/payload"));
      assertThat(page.locator("main > p.actions button").count()).isZero();
      assertThat(page.locator("#delete-dialog").count()).isZero();
      Response form = page.navigate(skiff.url("/p/" + profile + "/notebooks/new"));
      assertThat(form.status()).isEqualTo(403);
      DashboardBrowser.screenshot(page, "notebooks-view-member-form");
    }
    // every change is refused by the API, the page's only way to change anything
    assertThat(send(viewerToken, "PATCH", api("/payload"), "{\"stopped\": false}").statusCode())
        .isEqualTo(403);
    assertThat(send(viewerToken, "DELETE", api("/payload"), null).statusCode()).isEqualTo(403);
    assertThat(send(viewerToken, "POST", api(""), "{\"name\": \"mine\"}").statusCode())
        .isEqualTo(403);
    browser.assertClean();
  }

  @Test
  @Order(3)
  void the_apis_refusal_of_the_form_is_shown_next_to_the_field() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = watched(skiff.signIn(ctx));
      page.navigate(skiff.url("/p/" + profile + "/notebooks/new"));
      page.locator("#nb-name").fill("payload");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch")).click();
      page.locator("#nb-form-alert:not(:empty)").waitFor();
      assertThat(page.locator("#nb-form-alert").textContent()).contains("payload");
      assertThat(page.url()).endsWith("/notebooks/new");

      page.locator("#nb-name").fill("second");
      page.locator("#nb-memory").fill("lots");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Launch")).click();
      page.locator("#nb-memory[aria-invalid=true]").waitFor();
      assertThat(page.locator("#nb-memory-error").textContent()).containsIgnoringCase("memory");
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "notebooks-form-error");
    }
    assertThat(send(skiff.token, "GET", api("/second"), null).statusCode())
        .as("nothing was created")
        .isEqualTo(404);
    browser.assertClean();
  }

  @Test
  @Order(4)
  void variables_and_log_lines_with_payloads_render_as_text() throws Exception {
    Path log = home.resolve("notebooks").resolve(profile).resolve("payload").resolve("server.log");
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "a line from the server " + XSS + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    try (BrowserContext ctx = browser.newContext()) {
      Page page = watched(skiff.signIn(ctx));
      page.navigate(skiff.url("/p/" + profile + "/notebooks/payload"));
      assertThat(page.locator("dl.facts").textContent()).contains("XSS=" + XSS);
      page.locator("#notebook-log", new Page.LocatorOptions().setHasText("a line from the server"))
          .waitFor();
      assertThat(page.locator("#notebook-log").textContent()).contains(XSS);
      assertThat(page.locator("main img").count()).as("no element from the payloads").isZero();
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "notebooks-detail-stopped");
      page.navigate(skiff.url("/p/" + profile + "/notebooks"));
      DashboardBrowser.screenshot(page, "notebooks-list-stopped");
    }
    // a phone's width: the list, the form and the details page fit
    try (BrowserContext ctx = browser.newContext(390, 844)) {
      Page page = watched(skiff.signIn(ctx));
      for (String p : List.of("notebooks", "notebooks/new", "notebooks/payload")) {
        page.navigate(skiff.url("/p/" + profile + "/" + p));
        Object overflow =
            page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as(p + " overflows").isLessThanOrEqualTo(0);
      }
      page.navigate(skiff.url("/p/" + profile + "/notebooks"));
      DashboardBrowser.screenshot(page, "notebooks-list-phone");
    }
    assertThat(dialogs).isEmpty();
    browser.assertClean();
  }

  private Page watched(Page page) {
    page.onDialog(
        d -> {
          dialogs.add(d.message());
          d.dismiss();
        });
    return page;
  }

  private String api(String rest) {
    return "/api/v1/profiles/" + profile + "/notebooks" + rest;
  }

  private HttpResponse<String> get(String token, String path) throws Exception {
    return send(token, "GET", path, null);
  }

  private HttpResponse<String> send(String token, String method, String path, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(skiff.url(path)))
            .header("Authorization", "Bearer " + token);
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
  }
}
