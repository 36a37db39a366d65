package dev.skiff.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import dev.skiff.store.identity.AuditEvent;
import dev.skiff.store.identity.Session;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /auth/cli} on a real server: the page needs a browser session (a session row made in the
 * server's database, its cookie sent as a browser would); it checks the CLI's port and state; the
 * allowing POST needs the session's CSRF token and the server's own Origin, and answers 303 to the
 * CLI's loopback callback with a working API token of the default lifetime.
 */
class CliSignInIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE = "AbCdEfGhIjKlMnOpQrStUv_-0123456789";
  private static final String USER = System.getProperty("user.name");

  @TempDir Path home;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private SkiffServer start(AuthSettings auth) {
    return SkiffServer.start(
        new SkiffConfig(
            home,
            new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
            new SkiffConfig.Database(null, null, null),
            new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
            ArtifactStoreConfig.LOCAL,
            SkiffConfig.Retention.DEFAULT,
            SkiffConfig.Api.DEFAULTS,
            auth));
  }

  /** A signed-in browser: a session stored as BrowserSessions stores one; its cookie value. */
  private record Browser(String cookie, String csrf) {}

  private static Browser session(SkiffServer server, String user, Instant expires) {
    String value = Secrets.random(32);
    String csrf = Secrets.random(24);
    Instant now = Instant.now();
    server
        .database()
        .identity()
        .sessions()
        .create(new Session(Secrets.sha256(value), user, csrf, now, expires, now));
    return new Browser(BrowserSessions.PLAIN_COOKIE + "=" + value, csrf);
  }

  private HttpResponse<String> get(SkiffServer server, String path, String cookie)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(SkiffServer server, String cookie, String origin, String form)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(server.url().resolve(CliSignIn.PATH))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String page(int port, String state) {
    return CliSignIn.PATH + "?port=" + port + "&state=" + state;
  }

  @Test
  void a_signed_in_browser_allows_the_cli_and_the_token_reaches_its_loopback_port()
      throws Exception {
    try (SkiffServer server = start(AuthSettings.LOCAL)) {
      Browser browser = session(server, USER, Instant.now().plus(1, ChronoUnit.HOURS));

      HttpResponse<String> confirm = get(server, page(49152, STATE), browser.cookie());
      assertThat(confirm.statusCode()).as(confirm.body()).isEqualTo(200);
      assertThat(confirm.headers().firstValue("content-type").orElse("")).startsWith("text/html");
      assertThat(confirm.headers().firstValue("cache-control")).hasValue("no-store");
      assertThat(confirm.headers().firstValue("content-security-policy").orElse(""))
          .contains("form-action 'self' http://127.0.0.1:49152;")
          .contains("frame-ancestors 'none'");
      assertThat(confirm.body())
          .contains("<strong>" + USER + "</strong>")
          .contains("method=\"post\" action=\"/auth/cli\"")
          .contains("name=\"csrf\" value=\"" + browser.csrf() + "\"")
          .contains("name=\"state\" value=\"" + STATE + "\"")
          .contains("name=\"port\" value=\"49152\"")
          .contains("valid 90 days");
      // The GET made no token: only the confirmed POST does.
      assertThat(server.database().identity().tokens().ofUser(USER)).isEmpty();

      String form = "port=49152&state=" + STATE + "&csrf=" + browser.csrf();
      HttpResponse<String> allowed = post(server, browser.cookie(), origin(server), form);
      assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(303);
      String location = allowed.headers().firstValue("location").orElseThrow();
      assertThat(location).startsWith("http://127.0.0.1:49152/callback?state=" + STATE + "&token=");
      String token =
          URLDecoder.decode(
              location.substring(location.indexOf("&token=") + 7), StandardCharsets.UTF_8);
      assertThat(token).matches("skf\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}");

      // The token works as a bearer token for the session's user.
      HttpResponse<String> me =
          http.send(
              HttpRequest.newBuilder(server.url().resolve("/api/v1/me"))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(me.statusCode()).isEqualTo(200);
      JsonNode who = JSON.readTree(me.body());
      assertThat(who.path("user").asText()).isEqualTo(USER);
      assertThat(who.path("auth_method").asText()).isEqualTo("api_token");

      var stored = server.database().identity().tokens().ofUser(USER);
      assertThat(stored).hasSize(1);
      assertThat(stored.getFirst().name())
          .isEqualTo("skiff CLI on " + LocalDate.now(ZoneOffset.UTC));
      assertThat(stored.getFirst().profile()).isNull();
      assertThat(stored.getFirst().role()).isNull();
      assertThat(Duration.between(stored.getFirst().createdAt(), stored.getFirst().expiresAt()))
          .isEqualTo(AuthSettings.DEFAULT_TOKEN_TTL);

      // The audit log has who allowed it.
      List<AuditEvent> events = server.database().identity().audit().list(null, USER, 0, 10);
      assertThat(events)
          .anySatisfy(
              e -> {
                assertThat(e.action()).isEqualTo("POST /auth/cli");
                assertThat(e.status()).isEqualTo(303);
              });
    }
  }

  @Test
  void port_and_state_are_checked_and_nothing_is_made_for_bad_ones() throws Exception {
    try (SkiffServer server = start(AuthSettings.LOCAL)) {
      Browser browser = session(server, USER, Instant.now().plus(1, ChronoUnit.HOURS));
      for (String bad :
          List.of(
              page(80, STATE),
              page(1023, STATE),
              page(65536, STATE),
              CliSignIn.PATH + "?port=abc&state=" + STATE,
              CliSignIn.PATH + "?state=" + STATE,
              page(50000, "short"),
              page(50000, "a".repeat(129)),
              page(50000, "has%20a%20space%20in%20it%20x"),
              page(50000, "dots.are.not.allowed.here"),
              CliSignIn.PATH + "?port=50000")) {
        HttpResponse<String> r = get(server, bad, browser.cookie());
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type").orElse(""))
            .startsWith("application/problem+json");
        assertThat(JSON.readTree(r.body()).path("detail").asText()).containsAnyOf("port", "state");
      }
      HttpResponse<String> badPost =
          post(
              server, browser.cookie(), null, "port=22&state=" + STATE + "&csrf=" + browser.csrf());
      assertThat(badPost.statusCode()).isEqualTo(400);
      assertThat(server.database().identity().tokens().ofUser(USER)).isEmpty();
    }
  }

  @Test
  void the_allowing_post_needs_the_session_csrf_token_and_the_servers_origin() throws Exception {
    try (SkiffServer server = start(AuthSettings.LOCAL)) {
      Browser browser = session(server, USER, Instant.now().plus(1, ChronoUnit.HOURS));
      String base = "port=50000&state=" + STATE;
      HttpResponse<String> noCsrf = post(server, browser.cookie(), null, base);
      HttpResponse<String> wrongCsrf =
          post(server, browser.cookie(), null, base + "&csrf=" + "x".repeat(32));
      HttpResponse<String> foreign =
          post(
              server,
              browser.cookie(),
              "https://evil.example.com",
              base + "&csrf=" + browser.csrf());
      for (HttpResponse<String> r : List.of(noCsrf, wrongCsrf, foreign)) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("did not come from Skiff's own sign-in page");
        assertThat(r.headers().firstValue("location")).isEmpty();
      }
      assertThat(server.database().identity().tokens().ofUser(USER)).isEmpty();
    }
  }

  @Test
  void without_a_live_browser_session_local_mode_says_to_open_the_one_time_link() throws Exception {
    try (SkiffServer server = start(AuthSettings.LOCAL)) {
      Browser ended = session(server, USER, Instant.now().minus(1, ChronoUnit.MINUTES));
      String homeToken = TokenFile.read(home).orElseThrow();
      List<HttpResponse<String>> refused =
          List.of(
              get(server, page(50000, STATE), null),
              get(server, page(50000, STATE), ended.cookie()),
              get(server, page(50000, STATE), BrowserSessions.PLAIN_COOKIE + "=not-a-session"),
              // A bearer token is not a browser: the page is for people signed in there.
              http.send(
                  HttpRequest.newBuilder(server.url().resolve(page(50000, STATE)))
                      .header("Authorization", "Bearer " + homeToken)
                      .build(),
                  HttpResponse.BodyHandlers.ofString()),
              post(
                  server,
                  ended.cookie(),
                  null,
                  "port=50000&state=" + STATE + "&csrf=" + ended.csrf()));
      for (HttpResponse<String> r : refused) {
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("one-time sign-in link").contains("skiff login --web");
      }
      assertThat(server.database().identity().tokens().ofUser(USER)).isEmpty();
    }
  }

  @Test
  void without_a_session_oidc_mode_sends_the_browser_to_sign_in_and_back() throws Exception {
    AuthSettings oidc =
        new AuthSettings(
            AuthSettings.Mode.OIDC,
            URI.create("http://127.0.0.1:9"),
            Set.of(),
            Set.of(),
            Set.of(),
            Set.of(),
            AuthSettings.DEFAULT_SESSION_TTL,
            AuthSettings.DEFAULT_TOKEN_TTL,
            new AuthSettings.Oidc(
                URI.create("http://127.0.0.1:9/issuer"),
                "skiff",
                "secret",
                "openid email",
                "groups"),
            null,
            null);
    try (SkiffServer server = start(oidc)) {
      HttpResponse<String> r = get(server, page(50000, STATE), null);
      assertThat(r.statusCode()).isEqualTo(302);
      assertThat(r.headers().firstValue("location"))
          .hasValue("/auth/login?next=%2Fauth%2Fcli%3Fport%3D50000%26state%3D" + STATE);
    }
  }

  private static String origin(SkiffServer server) {
    URI u = server.url();
    return u.getScheme() + "://" + u.getRawAuthority();
  }
}
