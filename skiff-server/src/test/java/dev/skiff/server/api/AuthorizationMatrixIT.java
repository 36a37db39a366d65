package dev.skiff.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.api.RouteTable.Row;
import dev.skiff.server.api.Team.Answer;
import dev.skiff.server.api.Team.Body;
import dev.skiff.server.api.Team.Target;
import dev.skiff.server.api.Team.Who;
import dev.skiff.server.notebook.NotebookPath;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.store.identity.ProfileRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authorization on every route, for every kind of caller (issue 11): the owner, an admin, an editor
 * and a viewer of a profile, another user, nobody, a revoked token and the platform administrator.
 * Every cell of the matrix is asserted, and every refused write is checked to have changed nothing.
 * Then the known attacks on Kubeflow's profile isolation, bad credentials and names, and the audit
 * log of it all. One server (local mode, H2 file) for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixIT {
  private static final String TEAM = Team.TEAM;
  private static final String API = Team.API;

  Team team;
  final List<Row> rows = RouteTable.rows();

  @BeforeAll
  void start(@TempDir Path home) throws Exception {
    team = new Team(home);
    team.setUp();
  }

  @AfterAll
  void stop() {
    if (team != null) {
      team.close();
    }
  }

  @Test
  @Order(1)
  void every_registered_route_has_a_row_in_the_table() {
    List<String> table = rows.stream().map(Row::key).toList();
    Set<String> registered =
        team.server.routes().stream()
            // The dashboard's pages have their own authorization tests (DashboardRoutesE2E).
            .filter(r -> !DashboardPaths.isPage(r.path()))
            // The notebook proxy forwards to Jupyter's own API: NotebookProxyIT covers its routes.
            .filter(r -> !r.path().startsWith(NotebookPath.PREFIX))
            .map(r -> r.method() + " " + r.path())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(table))
        .as("a route that is registered needs a row in RouteTable (and one that is gone, none)")
        .isEqualTo(registered);
    assertThat(table).doesNotHaveDuplicates();
  }

  @Test
  @Order(2)
  void only_the_local_os_user_administers_the_platform() {
    for (Who w : List.of(Who.OWNER, Who.ADMIN, Who.EDIT, Who.VIEW, Who.OTHER)) {
      JsonNode me = Team.ok(team.send(w, "GET", "/api/v1/me", Body.NONE));
      assertThat(me.path("user").asText()).isEqualTo(w.user);
      assertThat(me.path("platform_admin").asBoolean()).as(w.user).isFalse();
    }
    assertThat(
            Team.ok(team.send(Who.PLATFORM, "GET", "/api/v1/me", Body.NONE))
                .path("platform_admin")
                .asBoolean())
        .isTrue();
    assertThat(team.send(Who.OWNER, "GET", "/api/v1/audit", Body.NONE).status()).isEqualTo(403);
    assertThat(
            team.send(Who.OWNER, "GET", "/api/v1/tokens?user=" + Who.OTHER.user, Body.NONE)
                .status())
        .isEqualTo(403);
    // The default profiles made at first sign-in, each with its owner only.
    JsonNode mine = Team.ok(team.send(Who.OTHER, "GET", "/api/v1/me", Body.NONE));
    assertThat(mine.path("default_profile").asText()).isEqualTo("oscar");
    assertThat(mine.path("profiles").toString())
        .isEqualTo(
            "[{\"name\":\"oscar\",\"role\":\"owner\"},{\"name\":\"shared\",\"role\":\"view\"}]");
  }

  @Test
  @Order(3)
  void every_route_answers_every_caller_as_its_role_allows() throws Exception {
    List<String> failures = new ArrayList<>();
    int cells = 0;
    for (Row row : rows) {
      Target shared = row.target().make(team);
      String before = row.writes() ? team.snapshot(shared) : null;
      for (Who who : Who.values()) {
        int expected = row.expected(who);
        if (expected == 0) {
          continue;
        }
        cells++;
        Answer a = call(row, who, shared);
        String cell = row.key() + " as " + who + ": ";
        if (a.status() != expected) {
          failures.add(cell + "expected " + expected + ", got " + a);
        } else if (!a.contentType().startsWith("application/problem+json")
            || a.detail().isBlank()
            || a.detail().contains("\n")) {
          failures.add(cell + "refused without a one-line problem: " + a.contentType() + " " + a);
        } else if (expected == 401 && !a.wwwAuthenticate().startsWith("Bearer")) {
          failures.add(cell + "401 without WWW-Authenticate: Bearer");
        }
        if (before != null) {
          String after = team.snapshot(shared);
          if (!after.equals(before)) {
            failures.add(cell + "refused, yet it changed:\n" + before + "\n---\n" + after);
            before = after;
          }
        }
      }
      for (Who who : Who.values()) {
        if (row.expected(who) != 0) {
          continue;
        }
        cells++;
        Target t = row.fresh() ? row.target().make(team) : shared;
        String was = row.fresh() ? team.snapshot(t) : null;
        Answer a = call(row, who, t);
        boolean success = a.status() >= 200 && a.status() < 300;
        if (!success && !row.allowed().contains(a.status())) {
          failures.add(row.key() + " as " + who + ": expected it allowed, got " + a);
        } else if (was != null && team.snapshot(t).equals(was)) {
          failures.add(row.key() + " as " + who + ": answered " + a.status() + " but did nothing");
        }
      }
    }
    assertThat(failures).as(cells + " cells:\n" + String.join("\n", failures)).isEmpty();
  }

  private Answer call(Row row, Who who, Target t) {
    return team.send(
        who, row.method(), row.path(t), row.body().make(team, who, t), Map.of(), row.stream());
  }

  @Test
  @Order(4)
  void a_missing_namespace_is_the_callers_own_profile_never_all() throws Exception {
    // Oscar has a pipeline, an experiment and a run of his own.
    Team.ok(
        team.send(Who.OTHER, "POST", API + "/pipelines/create", team.pipelineBody("", "oscars")));
    Team.ok(team.send(Who.OTHER, "POST", API + "/experiments", team.experimentBody("")));
    String body =
        Team.JSON
            .createObjectNode()
            .put("display_name", "oscars-run")
            .put("pipeline_spec", team.pipelineText)
            .toString();
    String run =
        Team.ok(team.send(Who.OTHER, "POST", API + "/runs", Team.json(body)))
            .path("run_id")
            .asText();
    team.server.runs().await(run, java.time.Duration.ofMinutes(2));

    Set<String> teamIds =
        Set.of(
            team.shared.runId(),
            team.shared.pipelineId(),
            team.shared.experimentId(),
            team.shared.recurringRunId());
    for (Who who : List.of(Who.OTHER, Who.OWNER, Who.PLATFORM)) {
      String own =
          Team.ok(team.send(who, "GET", "/api/v1/me", Body.NONE)).path("default_profile").asText();
      for (String list : List.of("runs", "pipelines", "experiments", "recurringruns")) {
        Answer a = team.send(who, "GET", API + "/" + list + "?page_size=1000", Body.NONE);
        JsonNode items = Team.ok(a).path(list.equals("recurringruns") ? "recurringRuns" : list);
        for (JsonNode item : items) {
          String ns = item.path("namespace").asText(own);
          assertThat(ns).as(who + " " + list + " " + item).isEqualTo(own);
          for (String id : teamIds) {
            assertThat(item.toString()).as(who + " " + list).doesNotContain(id);
          }
        }
        if (who == Who.OTHER && !list.equals("recurringruns")) {
          assertThat(items.size()).as("oscar's own " + list).isPositive();
        }
      }
    }
    // A create without a namespace lands in the caller's own profile, not in one they edit.
    JsonNode made =
        Team.ok(
            team.send(
                Who.EDIT, "POST", API + "/pipelines", Team.json("{\"display_name\": \"eddies\"}")));
    assertThat(made.path("namespace").asText()).isEqualTo("eddie");
  }

  @Test
  @Order(5)
  void another_profile_named_outright_is_refused_and_nothing_is_made() {
    String before = team.snapshot(team.shared);
    for (String list : List.of("runs", "pipelines", "experiments", "recurringruns")) {
      Answer a = team.send(Who.OTHER, "GET", API + "/" + list + "?namespace=" + TEAM, Body.NONE);
      assertThat(a.status()).as(list + " " + a).isEqualTo(403);
      assertThat(a.detail()).contains("'team-a' is not yours");
    }
    // Through an experiment of the team: not found.
    assertThat(
            team.send(
                    Who.OTHER,
                    "GET",
                    API + "/runs?experiment_id=" + team.shared.experimentId(),
                    Body.NONE)
                .status())
        .isEqualTo(404);
    assertThat(
            team.send(
                    Who.OTHER,
                    "GET",
                    API + "/recurringruns?experiment_id=" + team.shared.experimentId(),
                    Body.NONE)
                .status())
        .isEqualTo(404);
    // A run of the team followed by its id: not found.
    assertThat(
            team.send(
                    Who.OTHER,
                    "GET",
                    "/api/v1/events?run=" + team.shared.runId(),
                    Body.NONE,
                    Map.of(),
                    true)
                .status())
        .isEqualTo(404);
    // A namespace that is a host name: refused as such, no fetch, nothing made.
    for (Who who : List.of(Who.OTHER, Who.OWNER, Who.PLATFORM)) {
      for (String list : List.of("runs", "pipelines", "experiments", "recurringruns")) {
        Answer a =
            team.send(who, "GET", API + "/" + list + "?namespace=evil.example.com", Body.NONE);
        assertThat(a.status()).as(who + " " + list + " " + a).isBetween(400, 403);
        assertThat(a.detail()).contains("evil.example.com");
      }
      Answer made =
          team.send(
              who,
              "POST",
              API + "/pipelines",
              Team.json("{\"display_name\": \"p\", \"namespace\": \"evil.example.com\"}"));
      assertThat(made.status()).as(who + " " + made).isBetween(400, 403);
      Answer events =
          team.send(
              who, "GET", "/api/v1/events?profile=evil.example.com", Body.NONE, Map.of(), true);
      assertThat(events.status()).as(who + " " + events).isBetween(400, 403);
    }
    // Writes into the team by a stranger, through its namespace or its experiment.
    assertThat(
            team.send(Who.OTHER, "POST", API + "/experiments", team.experimentBody(TEAM)).status())
        .isEqualTo(403);
    assertThat(team.send(Who.OTHER, "POST", API + "/runs", team.runBody(team.shared)).status())
        .isEqualTo(404);
    assertThat(
            team.send(
                    Who.OTHER,
                    "POST",
                    API + "/recurringruns",
                    team.recurringRunBody(team.shared, null))
                .status())
        .isEqualTo(404);
    assertThat(team.snapshot(team.shared)).isEqualTo(before);
    assertThat(
            team.send(Who.PLATFORM, "GET", "/api/v1/profiles/evil.example.com", Body.NONE).status())
        .isEqualTo(404);
  }

  @Test
  @Order(6)
  void a_recurring_run_lives_in_its_experiments_profile() {
    // A viewer of the team cannot file a schedule of hers under the team's experiment (it would be
    // listed with the team's, and its runs could never start).
    String before = team.snapshot(team.shared);
    Answer a =
        team.send(
            Who.VIEW, "POST", API + "/recurringruns", team.recurringRunBody(team.shared, null));
    assertThat(a.status()).as(a.toString()).isEqualTo(403);
    Answer b =
        team.send(
            Who.VIEW, "POST", API + "/recurringruns", team.recurringRunBody(team.shared, "vera"));
    assertThat(b.status()).as(b.toString()).isEqualTo(400);
    assertThat(team.snapshot(team.shared)).isEqualTo(before);
    assertThat(
            Team.ok(team.send(Who.VIEW, "GET", API + "/recurringruns?namespace=vera", Body.NONE))
                .path("recurringRuns")
                .size())
        .isZero();
    // An editor naming only the experiment: the schedule is the team's.
    JsonNode made =
        Team.ok(
            team.send(
                Who.EDIT,
                "POST",
                API + "/recurringruns",
                team.recurringRunBody(team.shared, null)));
    assertThat(made.path("namespace").asText()).isEqualTo(TEAM);
    assertThat(made.path("experiment_id").asText()).isEqualTo(team.shared.experimentId());
  }

  @Test
  @Order(7)
  void identity_headers_from_the_client_are_ignored() {
    Map<String, String> spoofed = new LinkedHashMap<>();
    spoofed.put("kubeflow-userid", Who.OWNER.user);
    spoofed.put("x-goog-authenticated-user-email", "accounts.google.com:" + Who.OWNER.user);
    spoofed.put("X-Forwarded-Email", Who.OWNER.user);
    spoofed.put("X-Forwarded-User", Who.OWNER.user);
    spoofed.put("X-Auth-Request-Email", Who.OWNER.user);
    spoofed.put(
        "x-goog-iap-jwt-assertion", "eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIn0.");
    Answer me = team.send(Who.OTHER, "GET", "/api/v1/me", Body.NONE, spoofed, false);
    assertThat(Team.ok(me).path("user").asText()).isEqualTo(Who.OTHER.user);
    assertThat(
            team.send(
                    Who.OTHER,
                    "GET",
                    API + "/runs/" + team.shared.runId(),
                    Body.NONE,
                    spoofed,
                    false)
                .status())
        .isEqualTo(404);
    assertThat(
            team.send(Who.OTHER, "GET", API + "/runs?namespace=" + TEAM, Body.NONE, spoofed, false)
                .status())
        .isEqualTo(403);
    String members = members();
    assertThat(
            team.send(
                    Who.OTHER,
                    "POST",
                    "/api/v1/profiles/" + TEAM + "/members",
                    Team.json("{\"user\": \"oscar@example.com\", \"role\": \"edit\"}"),
                    spoofed,
                    false)
                .status())
        .isEqualTo(404);
    assertThat(members()).isEqualTo(members);
    for (String path : List.of("/api/v1/me", API + "/runs/" + team.shared.runId(), API + "/runs")) {
      Answer a = team.send(Who.ANONYMOUS, "GET", path, Body.NONE, spoofed, false);
      assertThat(a.status()).as(path).isEqualTo(401);
    }
  }

  @Test
  @Order(8)
  void membership_changes_only_as_roles_allow() {
    team.addMember(TEAM, "ada@example.com", "admin");
    String members = members();
    record Attempt(Who who, String method, String path, String body, int status) {}
    String m = "/api/v1/profiles/" + TEAM + "/members";
    List<Attempt> refused =
        List.of(
            // Adding oneself elsewhere.
            new Attempt(
                Who.OTHER, "POST", m, "{\"user\": \"oscar@example.com\", \"role\": \"edit\"}", 404),
            new Attempt(Who.OTHER, "PUT", m + "/oscar@example.com", "{\"role\": \"edit\"}", 404),
            new Attempt(Who.OTHER, "DELETE", m + "/" + Who.VIEW.user, null, 404),
            // A viewer or editor raising themselves.
            new Attempt(
                Who.VIEW, "POST", m, "{\"user\": \"vera@example.com\", \"role\": \"edit\"}", 403),
            new Attempt(Who.VIEW, "PUT", m + "/vera@example.com", "{\"role\": \"edit\"}", 403),
            new Attempt(Who.EDIT, "PUT", m + "/eddie@example.com", "{\"role\": \"admin\"}", 403),
            // Only the owner makes (or unmakes) admins.
            new Attempt(
                Who.ADMIN,
                "POST",
                m,
                "{\"user\": \"eddie@example.com\", \"role\": \"admin\"}",
                403),
            new Attempt(Who.ADMIN, "PUT", m + "/eddie@example.com", "{\"role\": \"admin\"}", 403),
            new Attempt(Who.ADMIN, "PUT", m + "/ada@example.com", "{\"role\": \"view\"}", 403),
            new Attempt(Who.ADMIN, "DELETE", m + "/ada@example.com", null, 403),
            // Nobody is made owner; the owner is neither changed nor removed.
            new Attempt(
                Who.ADMIN,
                "POST",
                m,
                "{\"user\": \"eddie@example.com\", \"role\": \"owner\"}",
                400),
            new Attempt(Who.ADMIN, "PUT", m + "/alice@example.com", "{\"role\": \"view\"}", 409),
            new Attempt(Who.ADMIN, "DELETE", m + "/alice@example.com", null, 409),
            new Attempt(Who.OWNER, "DELETE", m + "/alice@example.com", null, 409),
            // Bad input.
            new Attempt(
                Who.OWNER, "POST", m, "{\"user\": \"not a user\", \"role\": \"view\"}", 400),
            new Attempt(
                Who.OWNER, "POST", m, "{\"user\": \"x@example.com\", \"role\": \"god\"}", 400),
            new Attempt(
                Who.OWNER,
                "POST",
                "/api/v1/profiles/no-such-team/members",
                "{\"user\": \"x@example.com\", \"role\": \"view\"}",
                404));
    for (Attempt a : refused) {
      Answer got =
          team.send(
              a.who(), a.method(), a.path(), a.body() == null ? Body.NONE : Team.json(a.body()));
      assertThat(got.status()).as(a + " -> " + got).isEqualTo(a.status());
      assertThat(got.contentType()).startsWith("application/problem+json");
      assertThat(members()).as(a.toString()).isEqualTo(members);
    }
    // Anyone may leave; then the profile is gone for them.
    assertThat(team.send(Who.EDIT, "DELETE", m + "/" + Who.EDIT.user, Body.NONE).status())
        .isEqualTo(204);
    assertThat(team.send(Who.EDIT, "GET", "/api/v1/profiles/" + TEAM, Body.NONE).status())
        .isEqualTo(404);
    assertThat(team.send(Who.EDIT, "GET", API + "/runs/" + team.shared.runId(), Body.NONE).status())
        .isEqualTo(404);
    team.addMember(TEAM, Who.EDIT.user, "edit");
    // The owner makes and unmakes admins.
    Team.ok(team.send(Who.OWNER, "PUT", m + "/ada@example.com", Team.json("{\"role\": \"view\"}")));
    assertThat(team.send(Who.OWNER, "DELETE", m + "/ada@example.com", Body.NONE).status())
        .isEqualTo(204);
  }

  @Test
  @Order(9)
  void a_scoped_token_does_no_more_than_its_scope() {
    String viewOnly = "Bearer " + team.token(Who.OWNER.user, TEAM, ProfileRole.VIEW);
    JsonNode me = Team.ok(sendAs(viewOnly, "GET", "/api/v1/me", Body.NONE));
    assertThat(me.path("profiles").toString())
        .isEqualTo("[{\"name\":\"team-a\",\"role\":\"view\"}]");
    assertThat(me.path("platform_admin").asBoolean()).isFalse();
    assertThat(sendAs(viewOnly, "GET", API + "/runs/" + team.shared.runId(), Body.NONE).status())
        .isEqualTo(200);
    String before = team.snapshot(team.shared);
    List<Answer> refused =
        List.of(
            sendAs(viewOnly, "POST", API + "/runs/" + team.shared.runId() + ":archive", Body.NONE),
            sendAs(viewOnly, "POST", API + "/experiments", team.experimentBody(TEAM)),
            sendAs(viewOnly, "POST", API + "/runs", team.runBody(team.shared)),
            sendAs(
                viewOnly,
                "POST",
                "/api/v1/profiles/" + TEAM + "/members",
                Team.json("{\"user\": \"x@example.com\", \"role\": \"view\"}")),
            sendAs(viewOnly, "DELETE", "/api/v1/profiles/" + TEAM, Body.NONE),
            sendAs(viewOnly, "POST", "/api/v1/tokens", Team.json("{\"name\": \"more\"}")),
            sendAs(viewOnly, "POST", "/api/v1/profiles", Team.json("{\"name\": \"scoped-new\"}")),
            sendAs(viewOnly, "GET", API + "/runs?namespace=alice", Body.NONE));
    for (Answer a : refused) {
      assertThat(a.status()).as(a.toString()).isEqualTo(403);
    }
    assertThat(sendAs(viewOnly, "GET", "/api/v1/profiles/alice", Body.NONE).status())
        .isEqualTo(404);
    assertThat(team.snapshot(team.shared)).isEqualTo(before);

    // Limited to the team only: alice's own profile is out of reach, and no tokens are made.
    String teamOnly = "Bearer " + team.token(Who.OWNER.user, TEAM, null);
    Team.ok(sendAs(teamOnly, "POST", API + "/experiments", team.experimentBody(TEAM)));
    assertThat(sendAs(teamOnly, "GET", API + "/experiments?namespace=alice", Body.NONE).status())
        .isEqualTo(403);
    for (JsonNode e :
        Team.ok(sendAs(teamOnly, "GET", API + "/experiments", Body.NONE)).path("experiments")) {
      assertThat(e.path("namespace").asText()).isEqualTo(TEAM);
    }
    assertThat(
            sendAs(teamOnly, "POST", "/api/v1/tokens", Team.json("{\"name\": \"more\"}")).status())
        .isEqualTo(403);

    // The platform administrator's scoped token is no administrator's.
    String adminView =
        "Bearer " + team.token(System.getProperty("user.name"), TEAM, ProfileRole.VIEW);
    assertThat(
            Team.ok(sendAs(adminView, "GET", "/api/v1/me", Body.NONE))
                .path("platform_admin")
                .asBoolean())
        .isFalse();
    assertThat(sendAs(adminView, "GET", "/api/v1/audit", Body.NONE).status()).isEqualTo(403);
    assertThat(
            sendAs(
                    adminView,
                    "PUT",
                    "/api/v1/profiles/" + TEAM + "/quota",
                    Team.json("{\"steps\": 1}"))
                .status())
        .isEqualTo(403);
    assertThat(sendAs(adminView, "GET", API + "/runs?namespace=oscar", Body.NONE).status())
        .isEqualTo(403);

    // A scope is checked when the token is made, and caps the role it grants.
    int oscars =
        Team.ok(team.send(Who.OTHER, "GET", "/api/v1/tokens", Body.NONE)).path("tokens").size();
    assertThat(
            team.send(
                    Who.OTHER,
                    "POST",
                    "/api/v1/tokens",
                    Team.json("{\"name\": \"in\", \"profile\": \"team-a\"}"))
                .status())
        .isEqualTo(403);
    assertThat(
            Team.ok(team.send(Who.OTHER, "GET", "/api/v1/tokens", Body.NONE)).path("tokens").size())
        .isEqualTo(oscars);
    String veraOwner =
        Team.ok(
                team.send(
                    Who.VIEW,
                    "POST",
                    "/api/v1/tokens",
                    Team.json("{\"name\": \"up\", \"profile\": \"team-a\", \"role\": \"owner\"}")))
            .path("token")
            .asText();
    JsonNode vera = Team.ok(sendAs("Bearer " + veraOwner, "GET", "/api/v1/me", Body.NONE));
    assertThat(vera.path("profiles").toString())
        .isEqualTo("[{\"name\":\"team-a\",\"role\":\"view\"}]");
    assertThat(
            sendAs("Bearer " + veraOwner, "POST", API + "/experiments", team.experimentBody(TEAM))
                .status())
        .isEqualTo(403);
  }

  private Answer sendAs(String authorization, String method, String path, Body body) {
    return team.sendWith(authorization, method, path, body, Map.of(), false);
  }

  @Test
  @Order(10)
  void bad_credentials_get_a_clear_401_and_change_nothing() {
    String profiles = profiles();
    List<String> bad =
        List.of(
            "Bearer",
            "Bearer ",
            "Bearer a b",
            "Bearer " + "x".repeat(600),
            "Bearer skf.0123456789abcdef." + "A".repeat(43),
            "Bearer " + team.tokens.get(Who.OWNER) + "x",
            "Basic YWxpY2U6c2VjcmV0",
            "Token " + team.tokens.get(Who.OWNER),
            "bearer" + team.tokens.get(Who.OWNER));
    for (String authorization : bad) {
      for (String[] req :
          List.of(new String[] {"GET", "/api/v1/me"}, new String[] {"POST", "/api/v1/profiles"})) {
        Answer a =
            sendAs(
                authorization,
                req[0],
                req[1],
                req[0].equals("POST") ? Team.json("{\"name\": \"intruder\"}") : Body.NONE);
        assertThat(a.status()).as(authorization + " " + a).isEqualTo(401);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.wwwAuthenticate()).startsWith("Bearer");
        assertThat(a.detail()).isNotBlank().doesNotContain("\n").doesNotContain("Exception");
      }
    }
    Answer revoked = team.send(Who.REVOKED, "GET", "/api/v1/me", Body.NONE);
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.detail()).contains("revoked");
    // Non-ASCII in the header, sent as UTF-8 bytes.
    RawHttp.Answer raw =
        RawHttp.send(
            team.server.port(),
            ("POST /api/v1/profiles HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 20\r\nAuthorization: Bearer t\u00f6k\u00e9n\u20ac")
                .getBytes(StandardCharsets.UTF_8),
            "{\"name\": \"intruder\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(raw.status()).as(raw.body()).isIn(400, 401);
    assertThat(raw.header("content-type")).startsWith("application/problem+json");
    // 20 KB of header: 431, as a problem.
    RawHttp.Answer big =
        RawHttp.request(
            team.server.port(),
            "GET",
            "/api/v1/me",
            "Authorization: Bearer " + team.tokens.get(Who.OWNER),
            "X-Padding: " + "p".repeat(20 * 1024));
    assertThat(big.status()).isEqualTo(431);
    assertThat(big.header("content-type")).startsWith("application/problem+json");
    // Paths that try to get around the check.
    for (String path :
        List.of(
            "//apis/v2beta1/runs",
            "/apis/v2beta1/runs/",
            "/apis//v2beta1/runs",
            "/apis/v2beta1/%72uns",
            "/api/v1//me",
            "/API/v1/me")) {
      RawHttp.Answer a = RawHttp.request(team.server.port(), "GET", path);
      assertThat(a.status()).as(path + " " + a.body()).isIn(400, 401, 404);
    }
    assertThat(profiles()).isEqualTo(profiles);
  }

  @Test
  @Order(11)
  void invalid_profile_names_are_refused_and_nothing_is_made() {
    String profiles = profiles();
    for (String name :
        List.of(
            "UPPER",
            "-x",
            "x-",
            "x".repeat(64),
            "a.b",
            "a_b",
            "",
            " ",
            "evil.example.com",
            "t\u00e9am")) {
      Answer a =
          team.send(
              Who.OWNER, "POST", "/api/v1/profiles", Team.json("{\"name\": \"" + name + "\"}"));
      assertThat(a.status()).as("'" + name + "' " + a).isEqualTo(400);
      assertThat(a.contentType()).startsWith("application/problem+json");
      assertThat(a.detail()).contains("profile name");
    }
    Answer taken =
        team.send(Who.OTHER, "POST", "/api/v1/profiles", Team.json("{\"name\": \"team-a\"}"));
    assertThat(taken.status()).isEqualTo(409);
    Answer bad =
        team.send(Who.OWNER, "POST", "/api/v1/profiles", Team.json("{\"name\": 7, \"x\": [}"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(profiles()).isEqualTo(profiles);
  }

  @Test
  @Order(20)
  void the_audit_log_shows_a_profiles_writes_to_its_admins_refusals_included() {
    assertThat(team.send(Who.VIEW, "GET", "/api/v1/audit", Body.NONE).status()).isEqualTo(403);
    assertThat(team.send(Who.OTHER, "GET", "/api/v1/audit", Body.NONE).status()).isEqualTo(403);
    assertThat(team.send(Who.VIEW, "GET", "/api/v1/audit?profile=" + TEAM, Body.NONE).status())
        .isEqualTo(403);
    assertThat(team.send(Who.OTHER, "GET", "/api/v1/audit?profile=" + TEAM, Body.NONE).status())
        .isEqualTo(403);
    JsonNode events =
        Team.ok(
                team.send(
                    Who.OWNER, "GET", "/api/v1/audit?page_size=1000&profile=" + TEAM, Body.NONE))
            .path("events");
    Set<String> seen = new TreeSet<>();
    for (JsonNode e : events) {
      assertThat(e.path("profile").asText()).isEqualTo(TEAM);
      seen.add(
          e.path("user").asText()
              + " "
              + e.path("action").asText()
              + " "
              + e.path("status").asInt());
    }
    assertThat(seen)
        .as(String.join("\n", seen))
        .contains(
            "alice@example.com POST /api/v1/profiles/{profile}/members 201",
            "vera@example.com POST /api/v1/profiles/{profile}/members 403",
            "oscar@example.com POST /api/v1/profiles/{profile}/members 404",
            "eddie@example.com POST /apis/v2beta1/runs/{run_id}:archive 200",
            "vera@example.com POST /apis/v2beta1/runs/{run_id}:archive 403",
            "vera@example.com POST /apis/v2beta1/experiments 403",
            "oscar@example.com POST /apis/v2beta1/experiments 403");
    // The platform administrator reads all of it.
    assertThat(
            Team.ok(team.send(Who.PLATFORM, "GET", "/api/v1/audit?page_size=1000", Body.NONE))
                .path("events")
                .size())
        .isGreaterThan(events.size());
  }

  private String members() {
    return Team.ok(
            team.send(Who.PLATFORM, "GET", "/api/v1/profiles/" + TEAM + "/members", Body.NONE))
        .path("members")
        .toString();
  }

  private String profiles() {
    return Team.ok(team.send(Who.PLATFORM, "GET", "/api/v1/profiles", Body.NONE))
        .path("profiles")
        .toString();
  }
}
