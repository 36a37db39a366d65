package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.skiff.server.auth.ApiTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile settings, experiments, recurring-run and admin pages in a real browser: the owner
 * (the local user) and a second user who signs in with an API token (sent by the browser as a
 * Bearer header), what each sees and may change, and payloads in every string the pages show
 * rendering inert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProfilePagesE2E {
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final String VIEWER = "vera@example.com";
  static final String OUTSIDER = "oscar@example.com";
  static final String ADMIN = "adam@example.com";
  static final String SECOND_ADMIN = "amy@example.com";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  DashboardBrowser browser;
  DashboardServer skiff;
  String profile;
  String viewerToken;
  String outsiderToken;
  ApiTokens tokens;
  final HttpClient http = HttpClient.newHttpClient();
  final List<String> dialogs = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    browser = DashboardBrowser.start();
    // the local user administers this platform (auth.admins), as a home configures it
    skiff = new DashboardServer(home, Set.of(DashboardServer.localUser()));
    profile = DashboardServer.profile();
    tokens = new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC());
    viewerToken = tokens.create(VIEWER, "e2e", null, null, Duration.ofDays(1)).token();
    outsiderToken = tokens.create(OUTSIDER, "e2e", null, null, Duration.ofDays(1)).token();
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

  /** Confirms what the pages ask (data-confirm); any other dialog is a payload that ran. */
  private Page watched(Page page) {
    page.onDialog(
        d -> {
          if ("confirm".equals(d.type())) {
            d.accept();
          } else {
            dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
          }
        });
    return page;
  }

  private Page owner(BrowserContext ctx) {
    return watched(skiff.signIn(ctx));
  }

  /** A browser profile that signs in as {@code token}'s user. */
  private Page as(BrowserContext ctx, String token) {
    ctx.setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + token));
    return watched(ctx.newPage());
  }

  private String path(String rest) {
    return skiff.url(DashboardPaths.profile(profile, rest));
  }

  @Test
  @Order(1)
  void the_owner_adds_a_viewer_who_sees_the_profile_but_cannot_change_it() throws Exception {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(path("settings"));
      assertThat(page.locator("h1").textContent()).isEqualTo("Profile " + profile);
      Locator add = page.locator("#add-member");
      add.locator("input[name=user]").fill(VIEWER);
      add.locator("select[name=role]").selectOption("view");
      add.locator("button[type=submit]").click();
      Locator row = page.locator("tr[data-member='" + VIEWER + "']");
      PlaywrightAssertions.assertThat(row).isVisible();
      assertThat(row.locator("select[name=role]").inputValue()).isEqualTo("view");
      // a platform administrator sets the quota; the table shows use now against it
      page.locator("summary", new Page.LocatorOptions().setHasText("Change the quota")).click();
      Locator quota = page.locator("form[data-api$='/quota']");
      quota.locator("input[name=steps]").fill("4");
      quota.locator("input[name=cpu]").fill("2");
      quota.locator("input[name=memory]").fill("8Gi");
      quota.locator("button[type=submit]").click();
      Locator steps = page.locator("table.quota tr", new Page.LocatorOptions().setHasText("Steps"));
      PlaywrightAssertions.assertThat(steps).containsText("4");
      assertThat(steps.locator("td").allTextContents()).containsExactly("0", "4", " 0 %");
      assertThat(page.locator("table.quota").textContent())
          .contains("2 cores", "8.0 GiB", "GPUs", "no limit");
      DashboardBrowser.screenshot(page, "profile-settings");
      DashboardBrowser.assertAccessible(page);

      // a member id that is not one is refused by the API, and its text shown inert
      add.locator("input[name=user]").fill(XSS);
      add.locator("button[type=submit]").click();
      PlaywrightAssertions.assertThat(add.locator("output[role=alert]"))
          .containsText("is not an e-mail or user name");
      assertThat(add.locator("output[role=alert]").textContent()).contains(XSS);
    }
    try (BrowserContext ctx = browser.newContext()) {
      Page page = as(ctx, viewerToken);
      page.navigate(path(""));
      assertThat(page.locator(".switcher li a").allTextContents())
          .anySatisfy(t -> assertThat(t).contains(profile).contains("view"));
      assertThat(page.locator("a[href$='/pipelines/upload']").count()).isZero();

      Response r = page.navigate(path("experiments"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(page.locator("details.create, form[data-api]").count()).isZero();
      assertThat(page.locator("main button").count()).isZero();
      page.navigate(path("schedules"));
      assertThat(page.locator("a[href$='/schedules/new']").count()).isZero();
      page.navigate(path("settings"));
      assertThat(page.locator("#add-member").count()).isZero();
      assertThat(page.locator("table.members select").count()).isZero();
      assertThat(page.locator("table.members button").count()).isZero();
      assertThat(page.locator("#leave").count()).isEqualTo(1);
      assertThat(page.locator("form[data-api$='/quota']").count()).isZero();
      assertThat(page.locator("table.quota").textContent()).contains("2 cores");

      // a write from the page is refused by the API with the viewer's role named
      page.navigate(path("experiments"));
      Object refused =
          page.evaluate(
              "p => window.Skiff.api('/apis/v2beta1/experiments', 'POST',"
                  + " {display_name: 'not allowed', namespace: p}).then(() => 'created', e =>"
                  + " e.message)",
              profile);
      assertThat(String.valueOf(refused)).contains("is view").contains("needs edit");
      Response form = page.navigate(path("schedules/new"));
      assertThat(form.status()).isEqualTo(403);
      assertThat(page.locator("[role=alert]").first().textContent()).contains("is view");
      Response admin = page.navigate(skiff.url("/admin"));
      assertThat(admin.status()).isEqualTo(403);
    }
    assertThat(dialogs).isEmpty();
    browser.clearProblems();
  }

  @Test
  @Order(2)
  void a_non_member_gets_403_on_the_profile_and_404_on_its_experiment() throws Exception {
    String experiment =
        JSON.readTree(
                skiff
                    .api(
                        "POST",
                        "/apis/v2beta1/experiments",
                        "{\"display_name\":\"private\",\"namespace\":\"" + profile + "\"}")
                    .body())
            .path("experiment_id")
            .asText();
    String own = me(outsiderToken).path("default_profile").asText();
    assertThat(own).isNotBlank().isNotEqualTo(profile);
    try (BrowserContext ctx = browser.newContext()) {
      Page page = as(ctx, outsiderToken);
      assertThat(page.navigate(path("settings")).status()).isEqualTo(403);
      assertThat(page.navigate(path("experiments/" + experiment)).status()).isEqualTo(403);
      Response other =
          page.navigate(skiff.url(DashboardPaths.profile(own, "experiments/" + experiment)));
      assertThat(other.status()).isEqualTo(404);
      // the outsider's own pages work
      assertThat(page.navigate(skiff.url(DashboardPaths.profile(own, "settings"))).status())
          .isEqualTo(200);
    }
    browser.clearProblems();
  }

  @Test
  @Order(3)
  void a_new_token_is_shown_once_and_can_be_revoked() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(path("settings"));
      Locator form = page.locator("#new-token");
      form.locator("input[name=name]").fill("laptop " + XSS);
      form.locator("input[name=expires_in_days]").fill("7");
      form.locator("select[name=profile]").selectOption(profile);
      form.locator("button[type=submit]").click();
      Locator value = page.locator("#token-value");
      PlaywrightAssertions.assertThat(value).isVisible();
      String secret = value.textContent();
      assertThat(secret).hasSizeGreaterThan(20);
      page.locator("#token-done").click();
      Locator row = page.locator("table.tokens tr", new Page.LocatorOptions().setHasText("laptop"));
      PlaywrightAssertions.assertThat(row).isVisible();
      assertThat(row.textContent()).contains(XSS).contains("profile " + profile).contains("Active");
      assertThat(page.content()).doesNotContain(secret);

      row.locator("button", new Locator.LocatorOptions().setHasText("Revoke")).click();
      PlaywrightAssertions.assertThat(
              page.locator("table.tokens tr", new Page.LocatorOptions().setHasText("laptop")))
          .containsText("Revoked");
    }
    assertThat(dialogs).isEmpty();
    browser.assertClean();
  }

  @Test
  @Order(4)
  void an_experiment_is_created_archived_and_listed_with_its_runs_link() {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(path("experiments"));
      DashboardBrowser.assertAccessible(page);
      page.locator("summary", new Page.LocatorOptions().setHasText("New experiment")).click();
      page.locator("input[name=display_name]").fill(XSS);
      page.locator("textarea[name=description]").fill("tries " + XSS);
      page.locator("button", new Page.LocatorOptions().setHasText("Create experiment")).click();
      page.waitForURL("**/experiments/*");
      assertThat(page.locator("h1").textContent().strip()).isEqualTo(XSS);
      String id = page.url().substring(page.url().lastIndexOf('/') + 1);
      assertThat(
              page.locator("a", new Page.LocatorOptions().setHasText("All runs of this experiment"))
                  .getAttribute("href"))
          .isEqualTo(DashboardPaths.profile(profile, "runs") + "?experiment=" + id);
      assertThat(page.locator("text=No runs in this experiment yet").count()).isEqualTo(1);

      page.locator("main button", new Page.LocatorOptions().setHasText("Archive")).click();
      PlaywrightAssertions.assertThat(page.locator("h1")).containsText("Archived");
      page.navigate(path("experiments"));
      assertThat(page.locator("tr[data-experiment='" + id + "']").count()).isZero();
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "experiments");
      page.navigate(path("experiments?archived=true"));
      assertThat(page.locator("tr[data-experiment='" + id + "'] td").first().textContent())
          .isEqualTo(XSS);
    }
    assertThat(dialogs).isEmpty();
    browser.assertClean();
  }

  @Test
  @Order(5)
  void a_schedule_previews_its_ticks_is_created_and_disabled() throws Exception {
    String pipeline = upload("../examples/hello-world.yaml");
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(path("schedules/new"));
      Locator ticks = page.locator("#tick-preview ol.ticks li");
      PlaywrightAssertions.assertThat(ticks).hasCount(5);
      assertThat(page.locator("#tick-preview").textContent()).contains("every day at 02:00 (UTC)");

      page.locator("input[name=cron]").fill("0 0 25 * * *");
      PlaywrightAssertions.assertThat(page.locator("#tick-preview [role=alert]"))
          .containsText("does not parse");
      assertThat(page.locator("#tick-preview ol.ticks").count()).isZero();

      page.locator("input[name=trigger_kind][value=interval]").check();
      PlaywrightAssertions.assertThat(page.locator("#tick-preview")).containsText("every hour");
      assertThat(page.locator("input[name=cron]").isVisible()).isFalse();
      page.locator("input[name=trigger_kind][value=cron]").check();
      page.locator("input[name=cron]").fill("0 30 1 * * 1");
      PlaywrightAssertions.assertThat(page.locator("#tick-preview")).containsText("01:30:00 UTC");
      PlaywrightAssertions.assertThat(ticks).hasCount(5);
      assertThat(ticks.first().textContent()).contains("01:30:00 UTC");
      page.locator("input[name=display_name]").fill(XSS);
      page.locator("select[name=pipeline]").selectOption(pipeline + "/");
      page.locator("textarea[name=parameters]").fill("{\"name\": \"" + "weekly" + "\"}");
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "schedule-new");

      page.locator("button[type=submit]").click();
      page.waitForURL("**/schedules/*-*");
      assertThat(page.locator("h1").textContent()).contains(XSS);
      assertThat(page.locator("#schedule-state").textContent()).isEqualTo("Enabled");
      assertThat(page.locator("main").textContent()).contains("0 30 1 * * 1");
      page.locator("main button", new Page.LocatorOptions().setHasText("Disable")).click();
      PlaywrightAssertions.assertThat(page.locator("#schedule-state")).hasText("Disabled");
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "schedule-detail");

      page.navigate(path("schedules"));
      Locator row = page.locator("table.schedules tbody tr").first();
      assertThat(row.locator("td").first().textContent()).isEqualTo(XSS);
      assertThat(row.textContent()).contains("Disabled").contains("hello-world");
      DashboardBrowser.assertAccessible(page);
    }
    assertThat(dialogs).isEmpty();
    browser.assertClean();
  }

  @Test
  @Order(6)
  void a_profile_description_with_a_payload_renders_as_text_and_pages_fit_a_phone()
      throws Exception {
    HttpResponse<String> made =
        skiff.api(
            "POST",
            "/api/v1/profiles",
            JSON.writeValueAsString(Map.of("name", "xss-desc", "description", XSS)));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(skiff.url("/p/xss-desc/settings"));
      assertThat(page.locator(".profile-description").textContent()).isEqualTo(XSS);
    }
    // a phone: the settings and schedule pages fit the screen's width
    try (BrowserContext ctx = browser.newContext(390, 844)) {
      Page page = owner(ctx);
      for (String p : List.of("settings", "schedules/new", "schedules", "experiments")) {
        page.navigate(path(p));
        Object overflow =
            page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue()).as(p + " overflows").isLessThanOrEqualTo(0);
      }
      page.navigate(path("settings"));
      DashboardBrowser.screenshot(page, "profile-settings-phone");
    }
    assertThat(dialogs).isEmpty();
    browser.assertClean();
  }

  @Test
  @Order(7)
  void the_local_user_administers_profiles_users_and_reads_the_audit_log() throws Exception {
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(skiff.url("/admin"));
      assertThat(page.locator("h1").textContent()).isEqualTo("Administration");
      Locator mine = page.locator("table.admin-profiles tr[data-profile='" + profile + "']");
      assertThat(mine.locator("td").allTextContents())
          .startsWith(
              profile, DashboardServer.localUser(), "2", "steps 4, CPU 2000m, memory 8.0 GiB");
      assertThat(page.locator("table.admin-users").textContent()).contains(VIEWER, OUTSIDER);
      DashboardBrowser.assertAccessible(page);

      page.locator("a", new Page.LocatorOptions().setHasText("Audit log")).click();
      page.waitForURL("**/admin/audit");
      assertThat(page.locator("table.audit tbody tr").count()).isPositive();
      assertThat(page.locator("table.audit").textContent()).contains(VIEWER);
      DashboardBrowser.assertAccessible(page);
      DashboardBrowser.screenshot(page, "admin-audit");

      // more events than a page: the next page continues below the last one shown
      for (int i = 0; i < AdminPageSize.EVENTS; i++) {
        skiff.api(
            "POST",
            "/apis/v2beta1/experiments",
            "{\"display_name\":\"bulk-" + i + "\",\"namespace\":\"" + profile + "\"}");
      }
      page.navigate(skiff.url("/admin/audit"));
      Locator events = page.locator("table.audit tbody tr");
      assertThat(events.count()).isEqualTo(AdminPageSize.EVENTS);
      long newest = Long.parseLong(events.first().getAttribute("data-event"));
      long last = Long.parseLong(events.last().getAttribute("data-event"));
      page.locator("a[rel=next]").click();
      page.waitForURL("**before=" + last);
      long below = Long.parseLong(events.first().getAttribute("data-event"));
      assertThat(below).isLessThan(last).isLessThan(newest);

      page.navigate(skiff.url("/admin/audit?user=" + DashboardPaths.query(VIEWER)));
      assertThat(page.locator("table.audit tbody tr td:nth-child(2)").allTextContents())
          .isNotEmpty()
          .allSatisfy(u -> assertThat(u).isEqualTo(VIEWER));
    }
    assertThat(dialogs).isEmpty();
    browser.assertClean();
  }

  /** The admin audit page's size. */
  static final class AdminPageSize {
    static final int EVENTS = 50;
  }

  @Test
  @Order(8)
  void owners_make_admins_admins_do_not_and_a_member_leaves() {
    String adminToken = tokens.create(ADMIN, "e2e", null, null, Duration.ofDays(1)).token();
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(path("settings"));
      for (String user : List.of(ADMIN, SECOND_ADMIN)) {
        Locator add = page.locator("#add-member");
        add.locator("input[name=user]").fill(user);
        add.locator("select[name=role]").selectOption("admin");
        add.locator("button[type=submit]").click();
        PlaywrightAssertions.assertThat(page.locator("tr[data-member='" + user + "']")).isVisible();
      }
    }
    try (BrowserContext ctx = browser.newContext()) {
      Page page = as(ctx, adminToken);
      page.navigate(path("settings"));
      // an admin gives view and edit; the API decides the rest and the page shows its answer
      assertThat(page.locator("#add-member select[name=role] option").allTextContents())
          .containsExactly("view", "edit");
      Locator peer = page.locator("tr[data-member='" + SECOND_ADMIN + "']");
      peer.locator("select[name=role]").selectOption("view");
      peer.locator("button", new Locator.LocatorOptions().setHasText("Change")).click();
      PlaywrightAssertions.assertThat(peer.locator("form output[role=alert]"))
          .containsText("only the owner");
    }
    try (BrowserContext ctx = browser.newContext()) {
      Page page = owner(ctx);
      page.navigate(path("settings"));
      Locator peer = page.locator("tr[data-member='" + SECOND_ADMIN + "']");
      peer.locator("select[name=role]").selectOption("edit");
      // The change reloads the page: wait for the new document before clicking in it again.
      page.evaluate("() => { window.beforeChange = true; }");
      peer.locator("button", new Locator.LocatorOptions().setHasText("Change")).click();
      page.waitForFunction("() => window.beforeChange === undefined");
      page.waitForLoadState();
      PlaywrightAssertions.assertThat(
              page.locator("tr[data-member='" + SECOND_ADMIN + "'] select[name=role]"))
          .hasValue("edit");
      page.locator(
              "tr[data-member='" + SECOND_ADMIN + "'] button",
              new Page.LocatorOptions().setHasText("Remove"))
          .click();
      PlaywrightAssertions.assertThat(page.locator("tr[data-member='" + SECOND_ADMIN + "']"))
          .hasCount(0);
    }
    try (BrowserContext ctx = browser.newContext()) {
      Page page = as(ctx, viewerToken);
      page.navigate(path("settings"));
      page.locator("#leave").click();
      page.waitForURL(u -> !u.contains("/p/" + profile));
      assertThat(page.navigate(path("")).status()).isEqualTo(403);
    }
    assertThat(dialogs).isEmpty();
    browser.clearProblems();
  }

  private JsonNode me(String token) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(skiff.url("/api/v1/me")))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Uploads a pipeline file into the owner's profile; its id. */
  private String upload(String file) throws Exception {
    String boundary = "skiff-e2e-boundary";
    byte[] content = Files.readAllBytes(Path.of(file));
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"uploadfile\";"
                + " filename=\"hello-world.yaml\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(content, 0, body, head.length, content.length);
    System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        skiff.url(
                            "/apis/v2beta1/pipelines/upload?name=hello-world&namespace="
                                + profile)))
                .header("Authorization", "Bearer " + skiff.token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("pipeline_id").asText();
  }
}
