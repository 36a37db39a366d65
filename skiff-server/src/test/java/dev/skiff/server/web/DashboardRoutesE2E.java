package dev.skiff.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.LoadState;
import dev.skiff.engine.notebook.NotebookSettings;
import dev.skiff.server.auth.ApiTokens;
import dev.skiff.server.http.HttpRoute;
import dev.skiff.store.identity.ProfileRole;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every dashboard route (the GET routes whose path {@link DashboardPaths#isPage} claims, fragments
 * and static assets included) in one table, with how its path is filled from fixtures and the least
 * role it needs; the dashboard's counterpart of the API's {@code AuthorizationMatrixIT}.
 *
 * <p>The table must list exactly the registered routes (a new page without a row fails). Each row
 * is requested by the profile's owner, an edit member, a view member, a signed-in non-member, a
 * platform administrator ({@code auth.admins}, not a member), the owner with a token limited to
 * view there or to another profile, a revoked token (401) and a request without credentials (302 to
 * sign-in), and the status must follow from the row's role; a resource of the profile shown under
 * the caller's own profile's URL is not found there. Then every full page is opened in Chromium: it
 * loads cleanly (no console error, no CSP violation), passes axe-core, and fits a phone's width.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardRoutesE2E {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API = "/apis/v2beta1";
  static final String ADMIN = "adam@example.com";

  /** The least a caller needs for a route. */
  enum Need {
    /** Anyone, without credentials too. */
    PUBLIC,
    /** Any signed-in caller. */
    ANY_SIGNED_IN,
    /** The role view (or more) in the path's profile. */
    VIEW,
    /** The role edit (or more) in the path's profile. */
    EDIT,
    /** The role admin or owner of the path's profile (no page needs it yet). */
    MANAGE,
    /** A platform administrator ({@code auth.admins}). */
    PLATFORM_ADMIN
  }

  /** What a route answers when allowed. */
  enum Kind {
    /** A full HTML page (the layout): opened in the browser too. */
    PAGE,
    /** An HTML piece that a page's script fetches. */
    FRAGMENT,
    /** An artifact's bytes (an HTML artifact here, for a sandboxed frame). */
    RAW,
    /** A static file. */
    ASSET,
    /** A redirect ({@code /} to the caller's default profile). */
    REDIRECT
  }

  /** Who sends a request. */
  enum Who {
    OWNER,
    EDIT,
    VIEW,
    OTHER,
    PLATFORM,
    /** The owner with a token limited to the profile and the role view. */
    OWNER_VIEW_TOKEN,
    /** The owner with a token limited to another profile of theirs. */
    OWNER_ELSEWHERE_TOKEN,
    /** A revoked token of the owner: bad credentials. */
    REVOKED,
    ANONYMOUS;

    /** Whether this caller has {@code need} in the fixtures' profile. */
    boolean allowed(Need need) {
      return switch (need) {
        case PUBLIC -> true;
        case ANY_SIGNED_IN -> this != ANONYMOUS && this != REVOKED;
        case VIEW ->
            this == OWNER
                || this == EDIT
                || this == VIEW
                || this == PLATFORM
                || this == OWNER_VIEW_TOKEN;
        case EDIT -> this == OWNER || this == EDIT || this == PLATFORM;
        case MANAGE -> this == OWNER || this == PLATFORM;
        case PLATFORM_ADMIN -> this == PLATFORM;
      };
    }
  }

  /**
   * What path parameters are filled from.
   *
   * @param profile the profile in the path
   * @param pipelineId a pipeline of the owner's profile with a version
   * @param versionId that version
   * @param experimentId an experiment
   * @param runId a finished run of the pipeline version with a task and artifacts
   * @param secondRunId another finished run (to compare)
   * @param scheduleId a disabled recurring run
   * @param notebook a stopped notebook server
   */
  record Fixtures(
      String profile,
      String pipelineId,
      String versionId,
      String experimentId,
      String runId,
      String secondRunId,
      String scheduleId,
      String notebook) {
    /** The same resources under another profile's URL. */
    Fixtures under(String other) {
      return new Fixtures(
          other, pipelineId, versionId, experimentId, runId, secondRunId, scheduleId, notebook);
    }

    /** {@code /p/{profile}/rest}. */
    String p(String rest) {
      return DashboardPaths.profile(profile, rest);
    }
  }

  /**
   * One route.
   *
   * @param need the least role
   * @param kind what it answers
   * @param ofProfile whether its path names resources of the profile (ids), which another profile's
   *     URL must not show
   * @param fill its path (and query) for the fixtures
   */
  record Row(Need need, Kind kind, boolean ofProfile, Function<Fixtures, String> fill) {}

  static Row row(Need need, Kind kind, boolean ofProfile, Function<Fixtures, String> fill) {
    return new Row(need, kind, ofProfile, fill);
  }

  /** Every dashboard route, by its registered path. */
  static final Map<String, Row> ROUTES =
      Map.ofEntries(
          Map.entry("/", row(Need.ANY_SIGNED_IN, Kind.REDIRECT, false, f -> "/")),
          Map.entry("/signin", row(Need.PUBLIC, Kind.PAGE, false, f -> "/signin?next=%2Fadmin")),
          Map.entry(
              "/static/<name>", row(Need.PUBLIC, Kind.ASSET, false, f -> "/static/skiff.css")),
          Map.entry("/p/{profile}", row(Need.VIEW, Kind.PAGE, false, f -> f.p(""))),
          Map.entry(
              "/p/{profile}/pipelines", row(Need.VIEW, Kind.PAGE, false, f -> f.p("pipelines"))),
          Map.entry(
              "/p/{profile}/pipelines/upload",
              row(Need.EDIT, Kind.PAGE, false, f -> f.p("pipelines/upload"))),
          Map.entry(
              "/p/{profile}/pipelines/{pipelineId}",
              row(Need.VIEW, Kind.PAGE, true, f -> f.p("pipelines/" + f.pipelineId()))),
          Map.entry(
              "/p/{profile}/pipelines/{pipelineId}/run",
              row(Need.EDIT, Kind.PAGE, true, f -> f.p("pipelines/" + f.pipelineId() + "/run"))),
          Map.entry(
              "/p/{profile}/pipelines/{pipelineId}/versions/{versionId}/graph",
              row(
                  Need.VIEW,
                  Kind.FRAGMENT,
                  true,
                  f ->
                      f.p(
                          "pipelines/"
                              + f.pipelineId()
                              + "/versions/"
                              + f.versionId()
                              + "/graph"))),
          Map.entry("/p/{profile}/runs", row(Need.VIEW, Kind.PAGE, false, f -> f.p("runs"))),
          Map.entry(
              "/p/{profile}/runs/{runId}",
              row(Need.VIEW, Kind.PAGE, true, f -> f.p("runs/" + f.runId()))),
          Map.entry(
              "/p/{profile}/runs/{runId}/graph",
              row(Need.VIEW, Kind.FRAGMENT, true, f -> f.p("runs/" + f.runId() + "/graph"))),
          Map.entry(
              "/p/{profile}/runs/{runId}/tasks/{taskPath}",
              row(Need.VIEW, Kind.FRAGMENT, true, f -> f.p("runs/" + f.runId() + "/tasks/report"))),
          Map.entry(
              "/p/{profile}/runs/{runId}/tasks/{taskPath}/page",
              row(
                  Need.VIEW,
                  Kind.PAGE,
                  true,
                  f -> f.p("runs/" + f.runId() + "/tasks/report/page"))),
          Map.entry(
              "/p/{profile}/runs/{runId}/artifacts",
              row(
                  Need.VIEW,
                  Kind.PAGE,
                  true,
                  f -> f.p("runs/" + f.runId() + "/artifacts?task=report&name=table"))),
          Map.entry(
              "/p/{profile}/runs/{runId}/artifacts/raw",
              row(
                  Need.VIEW,
                  Kind.RAW,
                  true,
                  f -> f.p("runs/" + f.runId() + "/artifacts/raw?task=report&name=page"))),
          Map.entry(
              "/p/{profile}/runs/{runId}/metrics",
              row(Need.VIEW, Kind.FRAGMENT, true, f -> f.p("runs/" + f.runId() + "/metrics"))),
          Map.entry(
              "/p/{profile}/runs/{runId}/metrics/page",
              row(Need.VIEW, Kind.PAGE, true, f -> f.p("runs/" + f.runId() + "/metrics/page"))),
          Map.entry(
              "/p/{profile}/compare",
              row(
                  Need.VIEW,
                  Kind.PAGE,
                  true,
                  f -> f.p("compare?runs=" + f.runId() + "," + f.secondRunId()))),
          Map.entry(
              "/p/{profile}/experiments",
              row(Need.VIEW, Kind.PAGE, false, f -> f.p("experiments"))),
          Map.entry(
              "/p/{profile}/experiments/{id}",
              row(Need.VIEW, Kind.PAGE, true, f -> f.p("experiments/" + f.experimentId()))),
          Map.entry(
              "/p/{profile}/schedules", row(Need.VIEW, Kind.PAGE, false, f -> f.p("schedules"))),
          Map.entry(
              "/p/{profile}/schedules/new",
              row(Need.EDIT, Kind.PAGE, false, f -> f.p("schedules/new"))),
          Map.entry(
              "/p/{profile}/schedules/preview",
              row(
                  Need.VIEW,
                  Kind.FRAGMENT,
                  false,
                  f -> f.p("schedules/preview?cron=" + DashboardPaths.query("0 0 1 1 *")))),
          Map.entry(
              "/p/{profile}/schedules/{id}",
              row(Need.VIEW, Kind.PAGE, true, f -> f.p("schedules/" + f.scheduleId()))),
          Map.entry(
              "/p/{profile}/settings", row(Need.VIEW, Kind.PAGE, false, f -> f.p("settings"))),
          Map.entry(
              "/p/{profile}/notebooks", row(Need.VIEW, Kind.PAGE, false, f -> f.p("notebooks"))),
          Map.entry(
              "/p/{profile}/notebooks/new",
              row(Need.EDIT, Kind.PAGE, false, f -> f.p("notebooks/new"))),
          Map.entry(
              "/p/{profile}/notebooks/-/table",
              row(Need.VIEW, Kind.FRAGMENT, false, f -> f.p("notebooks/-/table"))),
          Map.entry(
              "/p/{profile}/notebooks/-/summary",
              row(Need.VIEW, Kind.FRAGMENT, false, f -> f.p("notebooks/-/summary"))),
          Map.entry(
              "/p/{profile}/notebooks/{name}",
              row(Need.VIEW, Kind.PAGE, true, f -> f.p("notebooks/" + f.notebook()))),
          Map.entry("/admin", row(Need.PLATFORM_ADMIN, Kind.PAGE, false, f -> "/admin")),
          Map.entry(
              "/admin/audit", row(Need.PLATFORM_ADMIN, Kind.PAGE, false, f -> "/admin/audit")));

  @TempDir static Path home;
  DashboardServer skiff;
  ApiTokens apiTokens;
  final HttpClient http = HttpClient.newHttpClient();
  final Map<Who, String> tokens = new EnumMap<>(Who.class);
  final Map<Who, String> ownProfiles = new EnumMap<>(Who.class);
  Fixtures fixtures;

  @BeforeAll
  void start() throws Exception {
    // Its notebook only holds a process (a configured command): the route table needs no Jupyter.
    skiff =
        new DashboardServer(
            home,
            Set.of(ADMIN),
            new NotebookSettings(
                List.of(
                    new NotebookSettings.EnvironmentSettings(
                        "idle", "Idle", "command", null, List.of("sleep", "600"), 0.01, 64L << 20)),
                Duration.ofHours(8),
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                Map.of()));
    apiTokens = new ApiTokens(skiff.server.database().identity().tokens(), Clock.systemUTC());
    tokens.put(Who.OWNER, skiff.token);
    tokens.put(Who.EDIT, token("eddie@example.com"));
    tokens.put(Who.VIEW, token("vera@example.com"));
    tokens.put(Who.OTHER, token("oscar@example.com"));
    tokens.put(Who.PLATFORM, token(ADMIN));
    tokens.put(
        Who.OWNER_VIEW_TOKEN,
        apiTokens
            .create(
                DashboardServer.localUser(),
                "view only",
                DashboardServer.profile(),
                ProfileRole.VIEW,
                Duration.ofDays(1))
            .token());
    for (Who w : List.of(Who.EDIT, Who.VIEW, Who.OTHER, Who.PLATFORM)) {
      ownProfiles.put(w, ok(send(w, "GET", "/api/v1/me", null)).path("default_profile").asText());
    }
    String profile = DashboardServer.profile();
    // The owner's "own profile" for the cross-profile rows is a second one of theirs.
    ok(send(Who.OWNER, "POST", "/api/v1/profiles", "{\"name\": \"routes-second\"}"));
    ownProfiles.put(Who.OWNER, "routes-second");
    ownProfiles.put(Who.OWNER_ELSEWHERE_TOKEN, "routes-second");
    tokens.put(
        Who.OWNER_ELSEWHERE_TOKEN,
        apiTokens
            .create(
                DashboardServer.localUser(),
                "elsewhere",
                "routes-second",
                ProfileRole.OWNER,
                Duration.ofDays(1))
            .token());
    ApiTokens.Created revoked =
        apiTokens.create(DashboardServer.localUser(), "revoked", null, null, Duration.ofDays(1));
    apiTokens.revoke(revoked.stored().id());
    tokens.put(Who.REVOKED, revoked.token());
    member(profile, "eddie@example.com", "edit");
    member(profile, "vera@example.com", "view");

    String spec;
    try (InputStream in = getClass().getResourceAsStream("/web/runs-report.yaml")) {
      spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ObjectNode create = JSON.createObjectNode();
    create.putObject("pipeline").put("display_name", "routes report").put("namespace", profile);
    create
        .putObject("pipeline_version")
        .put("display_name", "routes report v1")
        .put("pipeline_spec", spec);
    String pipeline =
        ok(send(Who.OWNER, "POST", API + "/pipelines/create", create.toString()))
            .path("pipeline_id")
            .asText();
    String version =
        ok(send(Who.OWNER, "GET", API + "/pipelines/" + pipeline + "/versions", null))
            .path("pipeline_versions")
            .get(0)
            .path("pipeline_version_id")
            .asText();
    String experiment =
        ok(send(
                Who.OWNER,
                "POST",
                API + "/experiments",
                "{\"display_name\": \"routes\", \"namespace\": \"" + profile + "\"}"))
            .path("experiment_id")
            .asText();
    String first = run(pipeline, version, experiment, "first");
    String second = run(pipeline, version, experiment, "second");
    ObjectNode schedule = JSON.createObjectNode().put("display_name", "yearly");
    schedule.put("namespace", profile).put("experiment_id", experiment).put("mode", "DISABLE");
    schedule
        .putObject("pipeline_version_reference")
        .put("pipeline_id", pipeline)
        .put("pipeline_version_id", version);
    schedule.putObject("trigger").putObject("cron_schedule").put("cron", "0 0 1 1 *");
    String recurring =
        ok(send(Who.OWNER, "POST", API + "/recurringruns", schedule.toString()))
            .path("recurring_run_id")
            .asText();
    // A notebook server (created, then stopped: its pages need no running Jupyter).
    String notebooks = "/api/v1/profiles/" + profile + "/notebooks";
    ok(send(Who.OWNER, "POST", notebooks, "{\"name\": \"routes-nb\", \"environment\": \"idle\"}"));
    ok(send(Who.OWNER, "PATCH", notebooks + "/routes-nb", "{\"stopped\": true}"));
    fixtures =
        new Fixtures(profile, pipeline, version, experiment, first, second, recurring, "routes-nb");
    for (String id : List.of(first, second)) {
      var done = skiff.server.runs().await(id, Duration.ofMinutes(1));
      assertThat(done.run().state().name()).as(done.toString()).isEqualTo("SUCCEEDED");
    }
  }

  @AfterAll
  void stop() {
    if (skiff != null) {
      skiff.close();
    }
  }

  @Test
  @Order(1)
  void the_table_has_a_row_for_every_registered_dashboard_route() {
    List<HttpRoute> dashboard =
        skiff.server.routes().stream().filter(r -> DashboardPaths.isPage(r.path())).toList();
    assertThat(dashboard)
        .as("the dashboard only reads: every change is a call of the API")
        .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
    Set<String> registered =
        dashboard.stream().map(HttpRoute::path).collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(ROUTES.keySet())).isEqualTo(registered);
  }

  @Test
  @Order(2)
  void every_route_answers_each_caller_by_its_role() {
    SoftAssertions soft = new SoftAssertions();
    for (var e : new TreeMap<>(ROUTES).entrySet()) {
      Row row = e.getValue();
      String path = row.fill().apply(fixtures);
      for (Who who : Who.values()) {
        HttpResponse<String> r = send(who, "GET", path, null);
        String what = who + " GET " + path + " (" + e.getKey() + ")";
        if (who == Who.REVOKED && row.need() != Need.PUBLIC) {
          // bad credentials are refused, never taken for none (nor sent to sign in again)
          soft.assertThat(r.statusCode()).as(what + ": " + excerpt(r)).isEqualTo(401);
        } else if (row.kind() == Kind.REDIRECT) {
          String home =
              who == Who.ANONYMOUS
                  ? DashboardPaths.SIGN_IN
                  : DashboardPaths.profile(
                      switch (who) {
                        case OWNER, OWNER_VIEW_TOKEN -> fixtures.profile();
                        case OWNER_ELSEWHERE_TOKEN -> "routes-second";
                        default -> ownProfiles.get(who);
                      },
                      "");
          soft.assertThat(r.statusCode()).as(what).isEqualTo(302);
          soft.assertThat(r.headers().firstValue("location")).as(what).contains(home);
        } else if (who == Who.ANONYMOUS && row.need() != Need.PUBLIC) {
          soft.assertThat(r.statusCode()).as(what).isEqualTo(302);
          soft.assertThat(r.headers().firstValue("location"))
              .as(what)
              .contains(DashboardPaths.SIGN_IN + "?next=" + DashboardPaths.query(path));
        } else if (who.allowed(row.need())) {
          soft.assertThat(r.statusCode()).as(what + ": " + excerpt(r)).isEqualTo(200);
          checkAnswer(soft, what, row.kind(), r);
        } else {
          soft.assertThat(r.statusCode()).as(what + ": " + excerpt(r)).isEqualTo(403);
          soft.assertThat(contentType(r)).as(what).startsWith("text/html");
          soft.assertThat(r.body()).as(what).doesNotContain("routes report");
        }
      }
    }
    soft.assertAll();
  }

  @Test
  @Order(3)
  void a_profile_resource_under_the_callers_own_profile_is_not_found_there() {
    SoftAssertions soft = new SoftAssertions();
    for (var e : new TreeMap<>(ROUTES).entrySet()) {
      Row row = e.getValue();
      if (!row.fill().apply(fixtures).startsWith("/p/")) {
        continue;
      }
      for (Who who : ownProfiles.keySet()) {
        String path = row.fill().apply(fixtures.under(ownProfiles.get(who)));
        HttpResponse<String> r = send(who, "GET", path, null);
        String what = who + " GET " + path + " (" + e.getKey() + ")";
        if (row.ofProfile()) {
          soft.assertThat(r.statusCode()).as(what + ": " + excerpt(r)).isEqualTo(404);
          soft.assertThat(r.body()).as(what).doesNotContain("routes report");
        } else {
          // pages without ids show the caller's own profile (where each caller is the owner)
          soft.assertThat(r.statusCode()).as(what + ": " + excerpt(r)).isEqualTo(200);
          checkAnswer(soft, what, row.kind(), r);
        }
      }
    }
    soft.assertAll();
  }

  @Test
  @Order(3)
  void a_users_mistake_in_the_query_is_a_400_page_never_a_500() {
    String base = "/p/" + DashboardServer.profile();
    SoftAssertions soft = new SoftAssertions();
    for (String path :
        List.of(
            base + "/pipelines?page_token=not-a-token",
            base + "/experiments?page=not-a-token",
            base + "/schedules?page=not-a-token",
            base + "/runs?page=not-a-token",
            base + "/runs?state=BOGUS",
            base + "/runs?from=not-a-date",
            base + "/pipelines?size=abc",
            base + "/compare?runs=only-one")) {
      HttpResponse<String> r = send(Who.OWNER, "GET", path, null);
      soft.assertThat(r.statusCode()).as(path + ": " + excerpt(r)).isEqualTo(400);
      soft.assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .as(path)
          .startsWith("text/html");
      soft.assertThat(r.body()).as(path).contains("role=\"alert\"").doesNotContain("error id");
    }
    soft.assertAll();
  }

  @Test
  @Order(4)
  void every_full_page_loads_cleanly_accessibly_and_fits_a_phone() {
    // Two browsers at once (desktop with axe-core, phone with the width check) to keep it short.
    try (DashboardBrowser desktop = DashboardBrowser.start();
        DashboardBrowser phone = DashboardBrowser.start()) {
      CompletableFuture<List<String>> small =
          CompletableFuture.supplyAsync(() -> visitEveryPage(phone, 390, 844));
      List<String> problems = new ArrayList<>(visitEveryPage(desktop, 1280, 800));
      problems.addAll(small.join());
      desktop.assertClean();
      phone.assertClean();
      assertThat(problems).as("dialogs, and pages wider than a phone").isEmpty();
    }
  }

  /**
   * Opens every full page as the owner (the admin pages as the platform administrator, sign-in
   * without credentials) in a {@code width}×{@code height} window: each must answer 200; on a
   * desktop, pass axe-core; on a phone (under 500 px), be no wider than the screen.
   *
   * @return what went wrong without failing at once: dialogs, pages wider than a phone
   */
  private List<String> visitEveryPage(DashboardBrowser browser, int width, int height) {
    boolean phone = width < 500;
    List<String> problems = new ArrayList<>();
    try (BrowserContext owner = browser.newContext(width, height);
        BrowserContext admin = browser.newContext(width, height);
        BrowserContext nobody = browser.newContext(width, height)) {
      Map<BrowserContext, Page> tabs = new IdentityHashMap<>();
      tabs.put(owner, watched(skiff.signIn(owner), problems));
      admin.setExtraHTTPHeaders(Map.of("Authorization", "Bearer " + tokens.get(Who.PLATFORM)));
      for (var e : new TreeMap<>(ROUTES).entrySet()) {
        Row row = e.getValue();
        if (row.kind() != Kind.PAGE) {
          continue;
        }
        BrowserContext ctx =
            switch (row.need()) {
              case PUBLIC -> nobody;
              case PLATFORM_ADMIN -> admin;
              default -> owner;
            };
        String path = row.fill().apply(fixtures);
        Page page = tabs.computeIfAbsent(ctx, c -> watched(c.newPage(), problems));
        Response r = page.navigate(skiff.url(path));
        assertThat(r.status()).as(path).isEqualTo(200);
        if (page.locator("[data-fragment]").count() > 0) {
          // the fragments the page's script loads are part of what is checked
          page.waitForLoadState(LoadState.NETWORKIDLE);
        }
        if (!phone) {
          DashboardBrowser.assertAccessible(page);
        } else if (!Boolean.TRUE.equals(
            page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))) {
          problems.add(
              path
                  + " is wider than a phone: "
                  + page.evaluate("() => document.documentElement.scrollWidth")
                  + " px");
          DashboardBrowser.screenshot(page, "routes-phone-" + e.getKey().replaceAll("\\W+", "-"));
        }
      }
    }
    return problems;
  }

  /** {@code page}, noting any dialog in {@code problems} (a page opens none by itself). */
  private static Page watched(Page page, List<String> problems) {
    page.onDialog(
        d -> {
          problems.add(page.url() + ": a dialog opened: " + d.message());
          d.dismiss();
        });
    return page;
  }

  // ---- checks

  private static void checkAnswer(
      SoftAssertions soft, String what, Kind kind, HttpResponse<String> r) {
    String type = contentType(r);
    switch (kind) {
      case PAGE -> {
        soft.assertThat(type).as(what).startsWith("text/html");
        soft.assertThat(r.body()).as(what).startsWith("<!doctype html>").contains("<main");
      }
      case FRAGMENT -> {
        soft.assertThat(type).as(what).startsWith("text/html");
        soft.assertThat(r.body()).as(what).doesNotContain("<!doctype").doesNotContain("<html");
      }
      case RAW -> {
        soft.assertThat(type).as(what).startsWith("text/html");
        soft.assertThat(r.headers().firstValue("content-security-policy"))
            .as(what)
            .hasValueSatisfying(csp -> assertThat(csp).startsWith("sandbox;"));
      }
      case ASSET -> soft.assertThat(type).as(what).startsWith("text/css");
      case REDIRECT -> throw new IllegalArgumentException("a redirect has no body to check");
    }
  }

  private static String contentType(HttpResponse<String> r) {
    return r.headers().firstValue("content-type").orElse("");
  }

  private static String excerpt(HttpResponse<String> r) {
    String b = r.body();
    int at = b.indexOf("<main");
    String s = at < 0 ? b : b.substring(at);
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  // ---- fixtures

  private String token(String user) {
    return apiTokens.create(user, "routes", null, null, Duration.ofDays(1)).token();
  }

  private void member(String profile, String user, String role) {
    ok(
        send(
            Who.OWNER,
            "POST",
            "/api/v1/profiles/" + profile + "/members",
            "{\"user\": \"" + user + "\", \"role\": \"" + role + "\"}"));
  }

  private String run(String pipeline, String version, String experiment, String name) {
    ObjectNode body = JSON.createObjectNode().put("display_name", "routes " + name);
    body.put("experiment_id", experiment);
    body.putObject("pipeline_version_reference")
        .put("pipeline_id", pipeline)
        .put("pipeline_version_id", version);
    body.putObject("runtime_config").putObject("parameters").put("label", name);
    return ok(send(Who.OWNER, "POST", API + "/runs", body.toString())).path("run_id").asText();
  }

  private HttpResponse<String> send(Who who, String method, String path, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(skiff.url(path)));
    if (who != Who.ANONYMOUS) {
      b.header("Authorization", "Bearer " + tokens.get(who));
    }
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

  private static JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    try {
      return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new AssertionError(r.body(), e);
    }
  }
}
