package dev.skiff.server.auth.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.server.auth.ModeServer;
import dev.skiff.server.config.AuthSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proxy mode on a real server: the test's connections come from 127.0.0.1, which the server trusts
 * as its proxy (or, in the last test, does not).
 */
class ProxyModeIT {
  private static final String EMAIL = "X-Forwarded-Email";
  private static final String GROUPS = "X-Forwarded-Groups";

  @TempDir static Path home;
  static ModeServer server;

  @BeforeAll
  static void start() {
    server =
        ModeServer.start(
            home,
            ModeServer.settings(
                AuthSettings.Mode.PROXY,
                Set.of("example.com"),
                Set.of("ml-team"),
                null,
                new AuthSettings.Proxy(EMAIL, GROUPS, Set.of("10.0.0.0/8", "127.0.0.1", "::1"))));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void the_trusted_proxys_header_names_the_user() throws Exception {
    HttpResponse<String> me = server.me(EMAIL, "Ada@Example.com");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode body = ModeServer.json(me);
    assertThat(body.path("user").asText()).isEqualTo("ada@example.com");
    assertThat(body.path("auth_method").asText()).isEqualTo("proxy");
    assertThat(body.path("default_profile").asText()).isEqualTo("ada");
  }

  @Test
  void the_groups_header_counts_for_allowed_groups() throws Exception {
    HttpResponse<String> outsider = server.me(EMAIL, "bob@partner.org");
    assertThat(outsider.statusCode()).as(outsider.body()).isEqualTo(403);
    assertThat(ModeServer.json(outsider).path("detail").asText())
        .contains("bob@partner.org may not sign in");

    HttpResponse<String> member = server.me(EMAIL, "bob@partner.org", GROUPS, "readers, ml-team");
    assertThat(member.statusCode()).as(member.body()).isEqualTo(200);
    assertThat(ModeServer.json(member).path("user").asText()).isEqualTo("bob@partner.org");

    HttpResponse<String> otherGroup =
        server.me(EMAIL, "bob@partner.org", GROUPS, "ML-TEAM,readers");
    assertThat(otherGroup.statusCode()).as("group names are compared exactly").isEqualTo(403);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ada",
        "ada lovelace",
        "ada@example.com, eve@example.com",
        "<script>alert(1)</script>@example.com",
        "accounts.google.com:ada@example.com",
        "\"ada\"@example.com"
      })
  void a_malformed_header_value_is_401(String value) throws Exception {
    HttpResponse<String> me = server.me(EMAIL, value);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(401);
    assertThat(ModeServer.json(me).path("detail").asText())
        .isEqualTo(
            "the proxy's X-Forwarded-Email header is not an e-mail address of at most 255"
                + " characters");
  }

  @Test
  void an_overlong_value_and_a_repeated_header_are_401() throws Exception {
    String longOne = "a".repeat(250) + "@example.com";
    assertThat(server.me(EMAIL, longOne).statusCode()).isEqualTo(401);
    HttpResponse<String> twice =
        server.send(
            server
                .request("/api/v1/me")
                .header(EMAIL, "ada@example.com")
                .header(EMAIL, "eve@example.com"));
    assertThat(twice.statusCode()).as(twice.body()).isEqualTo(401);
    assertThat(ModeServer.json(twice).path("detail").asText()).contains("must name one user");
  }

  @Test
  void other_identity_headers_from_the_proxy_are_not_read() throws Exception {
    assertThat(server.me("kubeflow-userid", "ada@example.com").statusCode()).isEqualTo(401);
    assertThat(
            server
                .me("x-goog-authenticated-user-email", "accounts.google.com:ada@example.com")
                .statusCode())
        .isEqualTo(401);
    assertThat(server.me("X-Forwarded-User", "ada@example.com").statusCode()).isEqualTo(401);
  }

  @Test
  void a_cross_site_change_is_refused_and_a_scripted_one_passes() throws Exception {
    HttpResponse<String> evil = server.send(newToken().header("Origin", "https://evil.example"));
    assertThat(evil.statusCode()).as(evil.body()).isEqualTo(403);
    HttpResponse<String> script = server.send(newToken());
    assertThat(script.statusCode()).as(script.body()).isEqualTo(201);
    String token = ModeServer.json(script).path("token").asText();
    HttpResponse<String> withToken = server.me("Authorization", "Bearer " + token);
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(ModeServer.json(withToken).path("auth_method").asText()).isEqualTo("api_token");
  }

  private static HttpRequest.Builder newToken() {
    return server
        .request("/api/v1/tokens")
        .header(EMAIL, "lin@example.com")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"script\"}"));
  }

  @Test
  void from_an_untrusted_address_the_header_is_ignored(@TempDir Path otherHome) throws Exception {
    try (ModeServer elsewhere =
        ModeServer.start(
            otherHome,
            ModeServer.settings(
                AuthSettings.Mode.PROXY,
                Set.of(),
                Set.of(),
                null,
                new AuthSettings.Proxy(EMAIL, GROUPS, Set.of("10.0.0.0/8", "::1"))))) {
      HttpResponse<String> me = elsewhere.me(EMAIL, "ada@example.com", GROUPS, "admins");
      assertThat(me.statusCode()).as(me.body()).isEqualTo(401);
      assertThat(ModeServer.json(me).path("detail").asText()).startsWith("sign in first");
      // A malformed value is not even looked at: it is not the proxy's.
      assertThat(elsewhere.me(EMAIL, "not an address").statusCode()).isEqualTo(401);
      assertThat(elsewhere.server().database().identity().users().find("ada@example.com"))
          .isEmpty();
    }
  }
}
