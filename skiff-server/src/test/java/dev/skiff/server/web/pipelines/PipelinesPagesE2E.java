package dev.skiff.server.web.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import dev.skiff.engine.catalog.ProfileCatalog;
import dev.skiff.server.auth.ApiTokens;
import dev.skiff.server.web.DashboardBrowser;
import dev.skiff.server.web.DashboardServer;
import dev.skiff.store.identity.Member;
import dev.skiff.store.identity.ProfileRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelines pages in Chromium against a real server: upload by file picker and by drop, the
 * validator's problems with their lines, search and paging, the pipeline page, the generated run
 * form with its checks, a view-only member, and script payloads that stay text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinesPagesE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VIEWER = "vera@example.com";
  private static final String XSS_NAME = "<script>alert(1)</script> pipeline";
  private static final String XSS_DESCRIPTION = "<img src=x onerror=alert(1)> described";
  private static final Pattern PIPELINE_PAGE =
      Pattern.compile(".*/pipelines/[0-9a-f]{8}-[0-9a-f-]{27}$");

  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;
  String profile;
  String viewerToken;
  String allTypes;
  final AtomicInteger serial = new AtomicInteger();

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    skiff = new DashboardServer(home);
    profile = DashboardServer.profile();
    allTypes = resource("all-parameter-types.yaml");
    ApiTokens tokens =
        new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC());
    viewerToken = tokens.create(VIEWER, "e2e", null, null, Duration.ofDays(1)).token();
    // the viewer's first request makes them; then the local user adds them with view
    asViewer("/api/v1/me");
    HttpResponse<String> added =
        skiff.api(
            "POST",
            "/api/v1/profiles/" + profile + "/members",
            "{\"user\": \"" + VIEWER + "\", \"role\": \"view\"}");
    assertThat(added.statusCode()).as(added.body()).isIn(200, 201);
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

  // ---- upload ----------------------------------------------------------------------------------

  @Test
  void a_pipeline_uploaded_with_the_file_picker_opens_on_its_page() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(skiff.url("/p/" + profile + "/pipelines/upload"));
      DashboardBrowser.assertAccessible(page);
      page.setInputFiles(
          "#uploadfile",
          new FilePayload(
              "picked.yaml", "application/yaml", allTypes.getBytes(StandardCharsets.UTF_8)));
      assertThat(page.locator("#uploadfile-chosen").textContent()).contains("picked.yaml");
      String name = unique("picked");
      String uniqueName = unique("picked-name");
      page.locator("#pipeline-upload input[name=name]").fill(uniqueName);
      page.getByLabel("Display name").fill(name);
      page.locator("#pipeline-upload textarea[name=description]").fill("chosen with the picker");
      page.getByText("Upload", new Page.GetByTextOptions().setExact(true)).click();
      page.waitForURL(PIPELINE_PAGE);
      assertThat(page.locator("h1").textContent()).isEqualTo(name);
      assertThat(page.locator("main").textContent()).contains("chosen with the picker");
      assertThat(page.locator("dl.facts dd").first().textContent()).isEqualTo(uniqueName);
      assertThat(page.locator("ul.versions li")).satisfies(l -> assertThat(l.count()).isOne());
      assertThat(page.locator("section[aria-labelledby=inputs-title] tbody tr").count())
          .isEqualTo(7);
      assertThat(page.locator("a.button", new Page.LocatorOptions().setHasText("Run")).count())
          .isOne();
      assertThat(page.locator("[data-fragment$='/graph']").count()).isOne();
      DashboardBrowser.screenshot(page, "pipeline-detail");
      DashboardBrowser.assertAccessible(page);
    }
    browser.assertClean();
  }

  @Test
  void a_pipeline_dropped_on_the_zone_is_uploaded_under_the_files_name() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(skiff.url("/p/" + profile + "/pipelines/upload"));
      String file = unique("dropped") + ".yaml";
      JSHandle transfer =
          page.evaluateHandle(
              "([text, name]) => { const dt = new DataTransfer();"
                  + " dt.items.add(new File([text], name, {type: 'application/yaml'}));"
                  + " return dt; }",
              java.util.List.of(allTypes, file));
      page.dispatchEvent("#dropzone", "dragenter", Map.of("dataTransfer", transfer));
      page.dispatchEvent("#dropzone", "drop", Map.of("dataTransfer", transfer));
      assertThat(page.locator("#uploadfile-chosen").textContent()).contains(file);
      assertThat(page.evaluate("() => document.getElementById('uploadfile').files.length"))
          .isEqualTo(1);
      page.locator("#pipeline-upload button[type=submit]").click();
      page.waitForURL(PIPELINE_PAGE);
      assertThat(page.locator("h1").textContent())
          .isEqualTo(file.substring(0, file.length() - ".yaml".length()));
    }
    browser.assertClean();
  }

  @Test
  void an_invalid_pipeline_shows_the_validators_problem_with_its_field_and_line() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(skiff.url("/p/" + profile + "/pipelines/upload"));
      // no file: the page says so and sends nothing
      page.locator("#pipeline-upload button[type=submit]").click();
      assertThat(page.locator("#upload-error").textContent()).contains("Choose a pipeline file");
      assertThat(page.locator("#uploadfile").getAttribute("aria-invalid")).isEqualTo("true");

      page.setInputFiles(
          "#uploadfile",
          new FilePayload(
              "broken.yaml",
              "application/yaml",
              resource("invalid-unknown-component.yaml").getBytes(StandardCharsets.UTF_8)));
      page.locator("#pipeline-upload button[type=submit]").click();
      Locator problems = page.locator("#upload-problems li");
      problems.first().waitFor();
      assertThat(page.locator("#upload-error").textContent())
          .contains("not a valid pipeline")
          .contains("broken.yaml:20");
      String first = problems.first().textContent();
      assertThat(first).contains("line 20").contains("root.dag.tasks.say").contains("comp-missing");
      assertThat(page.url()).endsWith("/pipelines/upload");
      DashboardBrowser.screenshot(page, "pipeline-upload-error");
      DashboardBrowser.assertAccessible(page);
    }
    browser.assertClean();
  }

  // ---- list ------------------------------------------------------------------------------------

  @Test
  void the_list_searches_by_name_and_pages_with_tokens() throws Exception {
    for (int i = 1; i <= 25; i++) {
      createPipeline(String.format("paged-%02d", i), "one of many", allTypes);
    }
    // a publisher whom the platform gave edit in the shared profile publishes one for everyone
    String shared = publishShared("paged-shared");
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(skiff.url("/p/" + profile + "/pipelines"));
      page.getByLabel("Name contains").fill("paged-");
      page.getByLabel("Name contains").press("Enter");
      page.waitForURL(Pattern.compile(".*q=paged-$"));
      Locator rows = page.locator("section[aria-labelledby=own] tbody tr");
      assertThat(rows.count()).isEqualTo(20);
      assertThat(page.locator(".pager").textContent()).contains("Showing 1–20 of 25");
      assertThat(rows.first().textContent()).contains("paged-25").contains("one of many");
      Locator sharedRows = page.locator("section[aria-labelledby=shared] tbody tr");
      assertThat(sharedRows.count()).isOne();
      assertThat(sharedRows.first().textContent()).contains("paged-shared");
      DashboardBrowser.screenshot(page, "pipelines-list");
      DashboardBrowser.assertAccessible(page);

      page.getByText("Next page").click();
      page.waitForURL(Pattern.compile(".*page_token=.*"));
      assertThat(rows.count()).isEqualTo(5);
      assertThat(page.locator(".pager").textContent()).contains("Showing 21–25 of 25");
      assertThat(rows.last().textContent()).contains("paged-01");
      assertThat(page.getByText("Next page").count()).isZero();
      page.getByText("First page").click();
      page.waitForURL(Pattern.compile(".*q=paged-$"));
      assertThat(rows.count()).isEqualTo(20);

      // a shared pipeline opens in this profile's pages, and runs start here
      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + shared));
      assertThat(page.locator("dl.facts").textContent()).contains("shared with everyone");
      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + shared + "/run"));
      assertThat(page.locator("#run-form").count()).isOne();
      // another profile's pipeline is not found from here, even for an administrator
      String elsewhere =
          JSON.readTree(skiff.api("POST", "/api/v1/profiles", "{\"name\": \"elsewhere\"}").body())
              .path("name")
              .asText();
      assertThat(elsewhere).isEqualTo("elsewhere");
      String other = createPipeline("elsewhere", "paged-elsewhere", "", allTypes);
      assertThat(page.navigate(skiff.url("/p/" + profile + "/pipelines/" + other)).status())
          .isEqualTo(404);
      browser.clearProblems();

      page.navigate(skiff.url("/p/" + profile + "/pipelines?q=paged-07"));
      assertThat(rows.count()).isOne();
      page.navigate(skiff.url("/p/" + profile + "/pipelines?q=nothing-has-this-name"));
      assertThat(page.locator(".empty").first().textContent()).contains("nothing-has-this-name");
      // the URL is the state: a bookmarked later page opens as it was
      page.navigate(skiff.url("/p/" + profile + "/pipelines?size=10&q=paged-"));
      assertThat(rows.count()).isEqualTo(10);
    }
    try (BrowserContext phone = browser.newContext(390, 844)) {
      Page page = skiff.signIn(phone);
      for (String path : new String[] {"/pipelines?q=paged-", "/pipelines/upload"}) {
        page.navigate(skiff.url("/p/" + profile + path));
        assertThat(page.evaluate("() => document.documentElement.scrollWidth"))
            .as("no sideways scrolling on a phone: " + path)
            .isEqualTo(390);
      }
      page.navigate(skiff.url("/p/" + profile + "/pipelines?q=paged-"));
      DashboardBrowser.screenshot(page, "pipelines-list-phone");
    }
    browser.assertClean();
  }

  // ---- run form --------------------------------------------------------------------------------

  @Test
  void the_run_form_is_generated_from_the_inputs_checks_values_and_starts_the_run()
      throws Exception {
    String id = createPipeline(unique("typed"), "all the types", allTypes);
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id));
      page.locator("a.button", new Page.LocatorOptions().setHasText("Run")).click();
      page.waitForURL(Pattern.compile(".*/run\\?version=.*"));

      Locator epochs = page.locator("#param-epochs");
      assertThat(epochs.getAttribute("type")).isEqualTo("number");
      assertThat(epochs.getAttribute("step")).isEqualTo("1");
      assertThat(epochs.getAttribute("required")).isNotNull();
      assertThat(page.locator("label[for=param-epochs]").getAttribute("class"))
          .isEqualTo("required");
      assertThat(page.locator("#param-epochs-hint").textContent())
          .contains("How many passes over the data");
      Locator lr = page.locator("#param-learning_rate");
      assertThat(lr.getAttribute("step")).isEqualTo("any");
      assertThat(lr.inputValue()).isEqualTo("0.01");
      assertThat(lr.getAttribute("required")).isNull();
      assertThat(page.locator("label[for=param-learning_rate]").getAttribute("class")).isNull();
      assertThat(page.locator("#param-shuffle").inputValue()).isEqualTo("true");
      assertThat(page.locator("#param-label").getAttribute("type")).isEqualTo("text");
      assertThat(page.locator("#param-label").getAttribute("required")).isNotNull();
      assertThat(page.locator("textarea#param-layers").inputValue()).isEqualTo("[64,32]");
      assertThat(page.locator("textarea#param-config").inputValue()).contains("\"dropout\"");
      assertThat(page.getByLabel("Run name").inputValue()).startsWith("typed-");
      assertThat(page.locator("select[name=experiment_id] option:checked").textContent())
          .isEqualTo("Default");
      DashboardBrowser.screenshot(page, "run-form");
      DashboardBrowser.assertAccessible(page);

      Locator submit = page.locator("#run-form button[type=submit]");
      Locator alert = page.locator("#run-error");
      // required values missing: nothing is sent
      submit.click();
      assertThat(alert.textContent()).contains("epochs").contains("label");
      assertThat(epochs.getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(page.locator("#param-epochs-error").textContent()).contains("required");
      assertThat(page.url()).contains("/run?");

      epochs.fill("3");
      page.locator("#param-label").fill("first");
      page.locator("#param-layers").fill("[1, 2");
      submit.click();
      assertThat(page.locator("#param-layers-error").textContent()).contains("not valid JSON");
      assertThat(page.locator("#param-layers").getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(epochs.getAttribute("aria-invalid")).isNull();
      page.locator("#param-layers").fill("{\"a\": 1}");
      submit.click();
      assertThat(page.locator("#param-layers-error").textContent())
          .contains("must be a JSON array");
      page.locator("#param-layers").fill("[1, 2]");
      page.locator("#param-config").fill("[1]");
      submit.click();
      assertThat(page.locator("#param-config-error").textContent())
          .contains("must be a JSON object");
      page.locator("#param-config").fill("{\"dropout\": 0.25}");
      page.locator("#param-shuffle").selectOption("false");

      // the server's 400 (a parameter the pipeline does not have) is shown in the form
      page.evaluate("() => document.getElementById('param-note').dataset.param = 'no_such_input'");
      submit.click();
      page.waitForCondition(() -> !alert.textContent().isEmpty());
      assertThat(alert.textContent()).contains("The run was not started").contains("no_such_input");
      page.evaluate("() => document.getElementById('param-note').dataset.param = 'note'");

      page.getByLabel("Run name").fill("typed run");
      submit.click();
      page.waitForURL(Pattern.compile(".*/p/" + profile + "/runs/[0-9a-f-]{36}$"));
      String runId = page.url().substring(page.url().lastIndexOf('/') + 1);
      JsonNode run = apiJson("GET", "/apis/v2beta1/runs/" + runId);
      assertThat(run.path("display_name").asText()).isEqualTo("typed run");
      JsonNode params = run.path("runtime_config").path("parameters");
      assertThat(params.path("epochs").asInt()).isEqualTo(3);
      assertThat(params.path("learning_rate").asDouble()).isEqualTo(0.01);
      assertThat(params.path("shuffle").asBoolean(true)).isFalse();
      assertThat(params.path("label").asText()).isEqualTo("first");
      assertThat(params.path("layers").toString()).isEqualTo("[1,2]");
      assertThat(params.path("config").path("dropout").asDouble()).isEqualTo(0.25);

      // "run again with these parameters"
      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id + "/run?from=" + runId));
      assertThat(page.locator("#param-epochs").inputValue()).isEqualTo("3");
      assertThat(page.locator("#param-label").inputValue()).isEqualTo("first");
      assertThat(page.locator("#param-shuffle").inputValue()).isEqualTo("false");
      assertThat(page.locator("#param-layers").inputValue()).isEqualTo("[1,2]");
      assertThat(page.getByLabel("Run name").inputValue()).isEqualTo("Clone of typed run");
    }
    browser.assertClean();
  }

  @Test
  void versions_are_uploaded_and_deleted_from_the_pipeline_page_and_the_pipeline_too()
      throws Exception {
    String name = unique("versioned");
    String id = createPipeline(name, "", allTypes);
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.onDialog(d -> d.accept());
      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id));
      page.setInputFiles(
          "#version-file",
          new FilePayload(
              "second.yaml", "application/yaml", resourceBytes("all-parameter-types.yaml")));
      page.locator("#version-upload button[type=submit]").click();
      page.waitForURL(Pattern.compile(".*\\?version=.*"));
      Locator versions = page.locator("ul.versions li");
      assertThat(versions.count()).isEqualTo(2);
      assertThat(versions.first().textContent()).contains("second");
      assertThat(page.locator("ul.versions a[aria-current=page]").textContent())
          .isEqualTo("second");

      versions.first().locator("button").click();
      page.waitForCondition(() -> page.locator("ul.versions li").count() == 1);
      page.locator("button", new Page.LocatorOptions().setHasText("Delete pipeline")).click();
      page.waitForURL(Pattern.compile(".*/pipelines$"));
      Response gone = page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id));
      assertThat(gone.status()).isEqualTo(404);
    }
    browser.clearProblems(); // the 404 page logs a load error
  }

  @Test
  void the_pipeline_graph_pans_zooms_and_opens_and_closes_groups_on_the_pipeline_page()
      throws Exception {
    String id = createPipeline(unique("grouped"), "", resource("web-graph.yaml"));
    try (BrowserContext ctx = browser.newContext(1400, 900)) {
      Page page = skiff.signIn(ctx);
      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id));
      Locator toggle = page.locator(".pipeline-graph [data-toggle='for-loop-1']");
      toggle.waitFor();
      // the graph's script sized the drawing to the view and placed it (pan and zoom)
      page.waitForCondition(
          () -> page.locator(".pipeline-graph g.viewport").getAttribute("transform") != null);
      String open = toggle.getAttribute("data-open");
      String expected = "true".equals(open) ? "collapse=for-loop-1" : "expand=for-loop-1";
      toggle.click();
      page.waitForCondition(
          () ->
              !open.equals(
                  page.locator(".pipeline-graph [data-toggle='for-loop-1']")
                      .getAttribute("data-open")));
      assertThat(page.url()).contains(expected);
      String placed = page.locator(".pipeline-graph g.viewport").getAttribute("transform");
      page.locator(".pipeline-graph").hover();
      page.mouse().wheel(0, -300);
      page.waitForCondition(
          () ->
              !placed.equals(page.locator(".pipeline-graph g.viewport").getAttribute("transform")));
      // the view is bookmarkable: the page opens with the group as it was left
      page.navigate(page.url());
      page.locator(".pipeline-graph [data-toggle='for-loop-1']").waitFor();
      assertThat(
              page.locator(".pipeline-graph [data-toggle='for-loop-1']").getAttribute("data-open"))
          .isNotEqualTo(open);
    }
    browser.assertClean();
  }

  // ---- who may do what
  // ---------------------------------------------------------------------------

  @Test
  void a_view_only_member_sees_pipelines_but_cannot_upload_or_run() throws Exception {
    String id = createPipeline(unique("viewed"), "seen by a viewer", allTypes);
    try (BrowserContext ctx = browser.newContext()) {
      ctx.setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + viewerToken));
      Page page = ctx.newPage();
      Response list = page.navigate(skiff.url("/p/" + profile + "/pipelines"));
      assertThat(list.status()).isEqualTo(200);
      assertThat(page.locator("section[aria-labelledby=own] tbody tr").count()).isPositive();
      assertThat(page.getByText("Upload a pipeline").count()).isZero();

      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id));
      assertThat(page.locator("h1").textContent()).startsWith("viewed-");
      assertThat(page.locator("a.button", new Page.LocatorOptions().setHasText("Run")).count())
          .isZero();
      assertThat(page.locator("button.danger").count()).isZero();
      assertThat(page.locator("#version-upload").count()).isZero();

      Response upload = page.navigate(skiff.url("/p/" + profile + "/pipelines/upload"));
      assertThat(upload.status()).isEqualTo(403);
      assertThat(page.locator("[role=alert]").textContent()).contains("view");
      Response run = page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id + "/run"));
      assertThat(run.status()).isEqualTo(403);
    }
    browser.clearProblems(); // the 403 pages log load errors
  }

  @Test
  void script_payloads_in_names_descriptions_and_defaults_render_as_text() throws Exception {
    String id = createPipeline(XSS_NAME, XSS_DESCRIPTION, allTypes);
    try (BrowserContext ctx = browser.newContext()) {
      Page page = skiff.signIn(ctx);
      page.onDialog(d -> fail("a script payload ran: dialog '" + d.message() + "'"));
      page.navigate(skiff.url("/p/" + profile + "/pipelines?q=" + "%3Cscript%3E"));
      Locator row = page.locator("section[aria-labelledby=own] tbody tr");
      assertThat(row.count()).isOne();
      assertThat(row.locator("a").textContent()).isEqualTo(XSS_NAME);
      assertThat(row.locator("td.description").textContent()).isEqualTo(XSS_DESCRIPTION);
      assertThat(page.locator("main img").count()).isZero();
      assertThat(page.locator("main script").count()).isZero();

      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id));
      assertThat(page.locator("h1").textContent()).isEqualTo(XSS_NAME);
      assertThat(page.locator("p.description").textContent()).isEqualTo(XSS_DESCRIPTION);
      assertThat(page.locator("main code.value").allTextContents())
          .contains("<script>alert(1)</script><img src=x onerror=alert(1)>");
      assertThat(page.locator("main img").count()).isZero();

      page.navigate(skiff.url("/p/" + profile + "/pipelines/" + id + "/run"));
      assertThat(page.locator("h1").textContent()).isEqualTo("Run " + XSS_NAME);
      assertThat(page.locator("#param-note").inputValue())
          .isEqualTo("<script>alert(1)</script><img src=x onerror=alert(1)>");
      assertThat(page.locator("main img").count()).isZero();
      assertThat(page.locator("main script").count()).isZero();
      page.waitForTimeout(300); // an onerror handler would have fired by now
    }
    browser.assertClean();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private String unique(String prefix) {
    return prefix + "-" + System.nanoTime() % 100000 + "-" + serial.incrementAndGet();
  }

  /** Creates a pipeline with one version in the local user's profile; its id. */
  private String createPipeline(String displayName, String description, String yaml)
      throws Exception {
    return createPipeline(profile, displayName, description, yaml);
  }

  /**
   * Publishes a pipeline in the shared profile as a publisher whom the platform gave {@code edit}
   * there (written to the members table, as an administrator's grant is); its id.
   */
  private String publishShared(String displayName) throws Exception {
    String publisher = "publisher@example.com";
    String token =
        new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC())
            .create(publisher, "e2e", null, null, Duration.ofDays(1))
            .token();
    send(token, "GET", "/api/v1/me", null);
    skiff
        .server
        .database()
        .identity()
        .members()
        .put(
            new Member(ProfileCatalog.SHARED, publisher, ProfileRole.EDIT, "skiff", Instant.now()));
    return JSON.readTree(
            send(
                token,
                "POST",
                "/apis/v2beta1/pipelines/create",
                body("shared", displayName, "for everyone", allTypes)))
        .path("pipeline_id")
        .asText();
  }

  private String send(String token, String method, String path, String json) throws Exception {
    var req =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(skiff.url(path)))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(json))
            .build();
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body();
    }
  }

  private static String body(
      String inProfile, String displayName, String description, String yaml) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("pipeline")
        .put("display_name", displayName)
        .put("description", description)
        .put("namespace", inProfile);
    body.putObject("pipeline_version").put("display_name", "v1").put("pipeline_spec", yaml);
    return body.toString();
  }

  /** Creates a pipeline with one version in {@code inProfile}; its id. */
  private String createPipeline(
      String inProfile, String displayName, String description, String yaml) throws Exception {
    HttpResponse<String> r =
        skiff.api(
            "POST",
            "/apis/v2beta1/pipelines/create",
            body(inProfile, displayName, description, yaml));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("pipeline_id").asText();
  }

  private JsonNode apiJson(String method, String path) throws Exception {
    HttpResponse<String> r = skiff.api(method, path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private void asViewer(String path) throws Exception {
    send(viewerToken, "GET", path, null);
  }

  private static String resource(String name) {
    return new String(resourceBytes(name), StandardCharsets.UTF_8);
  }

  private static byte[] resourceBytes(String name) {
    try (InputStream in = PipelinesPagesE2E.class.getResourceAsStream("/pipelines/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
