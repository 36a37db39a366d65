package dev.skiff.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode's identity flows against a real server: the one-time browser link, the session cookie
 * with its CSRF rules, API tokens (shown once, hashed, scoped, revoked), the audit log, security
 * headers, and deleting a profile with everything in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path home;

  private SkiffServer server;
  private String homeToken;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    server =
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
                ArtifactStoreConfig.LOCAL));
    homeToken = TokenFile.read(home).orElseThrow();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder req(String path, String bearer) {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path));
    return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static HttpRequest.BodyPublisher body(String json) {
    return HttpRequest.BodyPublishers.ofString(json);
  }

  /** Signs a browser in with a one-time link; the session cookie's value. */
  private String browserSession() throws Exception {
    URI link = server.signInLink().orElseThrow();
    HttpResponse<String> r = send(HttpRequest.newBuilder(link));
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie)
        .startsWith("skiff-session=")
        .contains("HttpOnly")
        .contains("SameSite=Lax");
    // a link works once
    assertThat(send(HttpRequest.newBuilder(link)).statusCode()).isEqualTo(401);
    return setCookie.substring("skiff-session=".length(), setCookie.indexOf(';'));
  }

  @Test
  void a_one_time_link_signs_the_browser_in_and_cookie_writes_need_the_csrf_token()
      throws Exception {
    String cookie = browserSession();
    HttpResponse<String> me =
        send(req("/api/v1/me", null).header("Cookie", "skiff-session=" + cookie));
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode m = json(me);
    assertThat(m.path("user").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(m.path("auth_method").asText()).isEqualTo("session");
    String csrf = m.path("csrf_token").asText();
    assertThat(csrf).hasSizeGreaterThan(20);

    String experiment = "{\"display_name\": \"from-browser\"}";
    HttpResponse<String> noCsrf =
        send(
            req("/apis/v2beta1/experiments", null)
                .header("Cookie", "skiff-session=" + cookie)
                .POST(body(experiment)));
    assertThat(noCsrf.statusCode()).isEqualTo(403);
    assertThat(noCsrf.body()).contains("X-CSRF-Token");
    HttpResponse<String> foreignOrigin =
        send(
            req("/apis/v2beta1/experiments", null)
                .header("Cookie", "skiff-session=" + cookie)
                .header("X-CSRF-Token", csrf)
                .header("Origin", "https://evil.example.com")
                .POST(body(experiment)));
    assertThat(foreignOrigin.statusCode()).isEqualTo(403);
    assertThat(send(req("/apis/v2beta1/experiments?filter=", homeToken)).body())
        .doesNotContain("from-browser");
    HttpResponse<String> ok =
        send(
            req("/apis/v2beta1/experiments", null)
                .header("Cookie", "skiff-session=" + cookie)
                .header("X-CSRF-Token", csrf)
                .POST(body(experiment)));
    assertThat(ok.statusCode()).isEqualTo(200);

    HttpResponse<String> out =
        send(req("/auth/logout", null).header("Cookie", "skiff-session=" + cookie).POST(body("")));
    assertThat(out.statusCode()).isEqualTo(204);
    HttpResponse<String> after =
        send(req("/api/v1/me", null).header("Cookie", "skiff-session=" + cookie));
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.body()).contains("sign in again");
  }

  @Test
  void logout_everywhere_ends_every_session_of_the_user() throws Exception {
    String a = browserSession();
    String b = browserSession();
    assertThat(a).isNotEqualTo(b);
    send(
        req("/auth/logout?everywhere=true", null)
            .header("Cookie", "skiff-session=" + a)
            .POST(body("")));
    assertThat(send(req("/api/v1/me", null).header("Cookie", "skiff-session=" + b)).statusCode())
        .isEqualTo(401);
  }

  @Test
  void every_response_carries_the_security_headers() throws Exception {
    for (String path : List.of("/", "/api/v1/me", "/apis/v2beta1/runs/none", "/healthz")) {
      HttpResponse<String> r = send(req(path, homeToken));
      assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("frame-ancestors 'none'")
          .contains("default-src 'self'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
  }

  @Test
  void api_tokens_are_shown_once_stored_hashed_scoped_and_revocable() throws Exception {
    HttpResponse<String> made =
        send(
            req("/api/v1/tokens", homeToken)
                .POST(body("{\"name\": \"ci\", \"expires_in_days\": 7}")));
    assertThat(made.statusCode()).isEqualTo(201);
    String token = json(made).path("token").asText();
    String id = json(made).path("info").path("id").asText();
    assertThat(token).startsWith("skf." + id + ".");
    // only a hash is stored
    Long stored =
        server
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM api_token WHERE secret_hash = :t")
                        .bind("t", token)
                        .mapTo(Long.class)
                        .one());
    assertThat(stored).isZero();
    assertThat(json(send(req("/api/v1/me", token))).path("auth_method").asText())
        .isEqualTo("api_token");
    JsonNode listed = json(send(req("/api/v1/tokens", token)));
    assertThat(listed.toString()).contains(id).doesNotContain(token);

    // a view-scoped token reads but cannot write, nor make tokens
    String profile = json(send(req("/api/v1/me", homeToken))).path("default_profile").asText();
    String view =
        json(send(
                req("/api/v1/tokens", homeToken)
                    .POST(
                        body(
                            "{\"name\": \"ro\", \"profile\": \""
                                + profile
                                + "\", \"role\": \"view\"}"))))
            .path("token")
            .asText();
    assertThat(send(req("/apis/v2beta1/experiments", view)).statusCode()).isEqualTo(200);
    HttpResponse<String> write =
        send(req("/apis/v2beta1/experiments", view).POST(body("{\"display_name\": \"x\"}")));
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.body()).contains("needs edit");
    assertThat(
            send(req("/api/v1/tokens", view).POST(body("{\"name\": \"escalate\"}"))).statusCode())
        .isEqualTo(403);
    // ... nor revoke the user's other tokens; it may revoke itself
    HttpResponse<String> other = send(req("/api/v1/tokens/" + id, view).DELETE());
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(send(req("/api/v1/me", token)).statusCode()).isEqualTo(200);
    String viewId = view.split("\\.")[1];
    assertThat(send(req("/api/v1/tokens/" + viewId, view).DELETE()).statusCode()).isEqualTo(204);
    assertThat(send(req("/api/v1/me", view)).statusCode()).isEqualTo(401);

    assertThat(send(req("/api/v1/tokens/" + id, token).DELETE()).statusCode()).isEqualTo(204);
    HttpResponse<String> revoked = send(req("/api/v1/me", token));
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.body()).contains("revoked");
    HttpResponse<String> forged =
        send(req("/api/v1/me", token.substring(0, token.length() - 2) + "xx"));
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(send(req("/api/v1/me", null).header("Authorization", "Basic YTpi")).statusCode())
        .isEqualTo(401);
  }

  @Test
  void state_changing_requests_are_audited_with_who_where_and_the_outcome() throws Exception {
    String name = "audited-" + System.nanoTime() % 100000;
    assertThat(
            send(req("/api/v1/profiles", homeToken).POST(body("{\"name\": \"" + name + "\"}")))
                .statusCode())
        .isEqualTo(201);
    assertThat(
            send(req("/api/v1/profiles", homeToken).POST(body("{\"name\": \"Bad Name\"}")))
                .statusCode())
        .isEqualTo(400);
    // the local user is not a platform administrator unless configured: their profile's log only
    assertThat(send(req("/api/v1/audit", homeToken)).statusCode()).isEqualTo(403);
    JsonNode events = json(send(req("/api/v1/audit?profile=" + name, homeToken))).path("events");
    assertThat(events.toString()).contains("POST /api/v1/profiles");
    assertThat(events.get(0).path("user").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(events.get(0).path("status").asInt()).isEqualTo(201);
  }

  @Test
  void shared_pipelines_are_read_by_everyone_and_changed_only_by_their_publishers()
      throws Exception {
    String bob =
        new ApiTokens(server.database().identity().tokens(), java.time.Clock.systemUTC())
            .create("bob@example.com", "t", null, null, Duration.ofDays(1))
            .token();
    String user = System.getProperty("user.name");
    String pipeline = "{\"display_name\": \"shared-one\", \"namespace\": \"shared\"}";
    // a plain user may read the shared profile but not publish to it
    assertThat(send(req("/apis/v2beta1/pipelines", homeToken).POST(body(pipeline))).statusCode())
        .isEqualTo(403);
    server
        .database()
        .identity()
        .members()
        .put(
            new dev.skiff.store.identity.Member(
                "shared",
                user,
                dev.skiff.store.identity.ProfileRole.EDIT,
                "test",
                java.time.Instant.now()));
    HttpResponse<String> made =
        send(req("/apis/v2beta1/pipelines", homeToken).POST(body(pipeline)));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);
    String id = json(made).path("pipeline_id").asText();
    assertThat(json(send(req("/apis/v2beta1/pipelines?namespace=shared", bob))).toString())
        .contains("shared-one");
    assertThat(send(req("/apis/v2beta1/pipelines/" + id, bob)).statusCode()).isEqualTo(200);
    HttpResponse<String> delete = send(req("/apis/v2beta1/pipelines/" + id, bob).DELETE());
    assertThat(delete.statusCode()).isEqualTo(403);
    assertThat(send(req("/apis/v2beta1/pipelines/" + id, bob)).statusCode()).isEqualTo(200);
  }

  @Test
  void deleting_a_profile_removes_its_runs_files_pipelines_schedules_and_members()
      throws Exception {
    String p = "doomed-" + System.nanoTime() % 100000;
    send(req("/api/v1/profiles", homeToken).POST(body("{\"name\": \"" + p + "\"}")));
    assertThat(
            send(req("/api/v1/profiles/" + p + "/members", homeToken)
                    .POST(body("{\"user\": \"bob@example.com\", \"role\": \"view\"}")))
                .statusCode())
        .isEqualTo(201);
    String spec;
    try (InputStream in = IdentityApiIT.class.getResourceAsStream("/pipelines/artifacts.yaml")) {
      spec = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonNode exp =
        json(
            send(
                req("/apis/v2beta1/experiments", homeToken)
                    .POST(body("{\"display_name\": \"e\", \"namespace\": \"" + p + "\"}"))));
    String specJson =
        JSON.writeValueAsString(
            new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(spec));
    HttpResponse<String> run =
        send(
            req("/apis/v2beta1/runs", homeToken)
                .POST(
                    body(
                        "{\"display_name\": \"r\", \"experiment_id\": \""
                            + exp.path("experiment_id").asText()
                            + "\", \"pipeline_spec\": "
                            + specJson
                            + "}")));
    assertThat(run.statusCode()).isEqualTo(200);
    String runId = json(run).path("run_id").asText();
    assertThat(json(run).path("experiment_id").asText())
        .isEqualTo(exp.path("experiment_id").asText());
    Path runFolder = home.resolve("runs").resolve(runId);

    HttpResponse<String> deleted = send(req("/api/v1/profiles/" + p, homeToken).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(send(req("/apis/v2beta1/runs/" + runId, homeToken)).statusCode()).isEqualTo(404);
    assertThat(send(req("/api/v1/profiles/" + p, homeToken)).statusCode()).isEqualTo(404);
    assertThat(Files.exists(runFolder)).isFalse();
    Long rows =
        server
            .database()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT (SELECT COUNT(*) FROM run WHERE profile = :p)"
                                + " + (SELECT COUNT(*) FROM experiment WHERE profile = :p)"
                                + " + (SELECT COUNT(*) FROM profile_member WHERE profile = :p)")
                        .bind("p", p)
                        .mapTo(Long.class)
                        .one());
    assertThat(rows).isZero();
  }
}
