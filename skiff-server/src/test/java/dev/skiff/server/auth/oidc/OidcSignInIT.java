package dev.skiff.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.SignInPolicy;
import dev.skiff.server.config.AuthSettings;
import dev.skiff.server.config.SkiffConfig;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser sign-in end to end: a real OpenID provider on localhost (mock-oauth2-server: discovery,
 * JWKS, an authorization endpoint that signs in without a page, PKCE-checking token endpoint), a
 * real Skiff server in {@code auth.mode: oidc}, and a browser that follows redirects by hand and
 * keeps cookies per host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcSignInIT {
  static final String ISSUER_ID = "skiff-test";
  static final String CLIENT_ID = "skiff-web";
  static final String SECRET = "a-client-secret-for-the-tests";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path homes;
  MockOAuth2Server provider;
  SkiffServer server;
  URI base;

  @BeforeAll
  void start() throws Exception {
    provider = new MockOAuth2Server();
    provider.start();
    int port = freePort();
    base = URI.create("http://127.0.0.1:" + port);
    server = SkiffServer.start(config(homes.resolve("plain"), port, base));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.shutdown();
    }
  }

  @Test
  void signs_in_with_pkce_state_and_nonce_and_the_session_cookie_authenticates() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> login = b.get(base.resolve("/auth/login?next=" + enc("/runs?page=2")));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    assertThat(login.headers().firstValue("cache-control")).hasValue("no-store");
    URI authorize = location(login);
    assertThat(authorize.toString())
        .startsWith(provider.authorizationEndpointUrl(ISSUER_ID).toString());
    Map<String, String> q = Browser.query(authorize);
    assertThat(q)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("redirect_uri", base + "/auth/callback")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("scope", "openid email profile");
    assertThat(q.get("state")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(q.get("nonce")).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(q.get("state"));
    assertThat(q.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
    String loginCookie = Browser.setCookies(login, LoginCookie.PLAIN_NAME).getFirst();
    assertThat(loginCookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
    // The sealed state does not show the state or the nonce.
    assertThat(loginCookie).doesNotContain(q.get("state")).doesNotContain(q.get("nonce"));

    URI callback = providerSignsIn(b, authorize);
    assertThat(Browser.query(callback)).containsEntry("state", q.get("state"));
    enqueue("Ada.Lovelace@Example.com", Map.of("name", "Ada Lovelace"), 3600);
    HttpResponse<String> answer = b.get(callback);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
    assertThat(answer.headers().firstValue("location")).hasValue("/runs?page=2");
    String session = Browser.setCookies(answer, "skiff-session").getLast();
    assertThat(session)
        .contains("HttpOnly")
        .contains("SameSite=Lax")
        .contains("Path=/")
        .doesNotContain("Secure");
    assertThat(b.cookie(base.getRawAuthority(), LoginCookie.PLAIN_NAME)).isNull();

    JsonNode me = me(b);
    assertThat(me.path("user").asText()).isEqualTo("ada.lovelace@example.com");
    assertThat(me.path("display_name").asText()).isEqualTo("Ada Lovelace");
    assertThat(me.path("auth_method").asText()).isEqualTo("session");
    assertThat(me.path("csrf_token").asText()).isNotBlank();
    String profile = me.path("default_profile").asText();
    assertThat(profile).isNotBlank();
    assertThat(me.path("profiles").toString())
        .contains("{\"name\":\"" + profile + "\",\"role\":\"owner\"}");
  }

  @Test
  void a_write_with_the_session_cookie_needs_the_csrf_token() throws Exception {
    Browser b = new Browser();
    assertThat(signIn(b, "grace@example.com").statusCode()).isEqualTo(303);
    String csrf = me(b).path("csrf_token").asText();
    Map<String, String> body = Map.of("body", "{\"name\":\"laptop\"}");
    HttpResponse<String> without = b.send(base.resolve("/api/v1/tokens"), "POST", body);
    assertThat(without.statusCode()).as(without.body()).isEqualTo(403);
    assertThat(without.body()).contains("X-CSRF-Token");
    Map<String, String> withToken = new LinkedHashMap<>(body);
    withToken.put("X-CSRF-Token", csrf);
    HttpResponse<String> with = b.send(base.resolve("/api/v1/tokens"), "POST", withToken);
    assertThat(with.statusCode()).as(with.body()).isEqualTo(201);
  }

  @Test
  void logout_ends_the_session_and_everywhere_ends_the_others() throws Exception {
    Browser a = new Browser();
    Browser other = new Browser();
    signIn(a, "bob@example.com");
    signIn(other, "bob@example.com");
    String aCookie = a.cookie(base.getRawAuthority(), "skiff-session");
    assertThat(aCookie).isNotEqualTo(other.cookie(base.getRawAuthority(), "skiff-session"));

    HttpResponse<String> out = a.send(base.resolve("/auth/logout"), "POST", Map.of());
    assertThat(out.statusCode()).isEqualTo(204);
    a.plant(base.getRawAuthority(), "skiff-session", aCookie);
    assertThat(status(a, "/api/v1/me")).isEqualTo(401);
    assertThat(status(other, "/api/v1/me")).isEqualTo(200);

    Browser third = new Browser();
    signIn(third, "bob@example.com");
    String thirdCookie = third.cookie(base.getRawAuthority(), "skiff-session");
    HttpResponse<String> everywhere =
        other.send(base.resolve("/auth/logout?everywhere=true"), "POST", Map.of());
    assertThat(everywhere.statusCode()).isEqualTo(204);
    assertThat(status(third, "/api/v1/me")).isEqualTo(401);
    third.plant(base.getRawAuthority(), "skiff-session", thirdCookie);
    assertThat(status(third, "/api/v1/me")).isEqualTo(401);
  }

  @Test
  void get_logout_ends_the_session_and_signs_out_at_the_provider() throws Exception {
    Browser b = new Browser();
    signIn(b, "lin@example.com");
    String cookie = b.cookie(base.getRawAuthority(), "skiff-session");
    HttpResponse<String> out = b.get(base.resolve("/auth/logout"));
    assertThat(out.statusCode()).isEqualTo(303);
    URI to = location(out);
    assertThat(to.toString()).startsWith(provider.endSessionEndpointUrl(ISSUER_ID).toString());
    assertThat(Browser.query(to))
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("post_logout_redirect_uri", base + "/");
    b.plant(base.getRawAuthority(), "skiff-session", cookie);
    assertThat(status(b, "/api/v1/me")).isEqualTo(401);
  }

  @Test
  void a_callback_whose_state_is_not_the_browsers_signs_nobody_in() throws Exception {
    Browser b = new Browser();
    URI callback = providerSignsIn(b, location(b.get(base.resolve("/auth/login"))));
    Map<String, String> q = Browser.query(callback);

    HttpResponse<String> forged =
        b.get(
            base.resolve(
                "/auth/callback?code=" + enc(q.get("code")) + "&state=" + enc("forged-state")));
    assertThat(forged.statusCode()).as(forged.body()).isEqualTo(401);
    assertThat(forged.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(forged.body()).contains("state");
    assertThat(Browser.setCookies(forged, "skiff-session")).isEmpty();
    assertThat(status(b, "/api/v1/me")).isEqualTo(401);

    HttpResponse<String> noState = b.get(base.resolve("/auth/callback?code=" + enc(q.get("code"))));
    assertThat(noState.statusCode()).isEqualTo(400);

    // The right code and state, but from a browser that did not start this sign-in.
    Browser elsewhere = new Browser();
    HttpResponse<String> stolen = elsewhere.get(callback);
    assertThat(stolen.statusCode()).as(stolen.body()).isEqualTo(401);
    assertThat(Browser.setCookies(stolen, "skiff-session")).isEmpty();
    assertThat(status(elsewhere, "/api/v1/me")).isEqualTo(401);
  }

  @Test
  void a_replayed_callback_is_refused() throws Exception {
    Browser b = new Browser();
    URI callback = providerSignsIn(b, location(b.get(base.resolve("/auth/login"))));
    enqueue("replay@example.com", Map.of(), 3600);
    assertThat(b.get(callback).statusCode()).isEqualTo(303);
    b.send(base.resolve("/auth/logout"), "POST", Map.of());

    HttpResponse<String> again = b.get(callback);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(401);
    assertThat(Browser.setCookies(again, "skiff-session")).isEmpty();

    // A new sign-in in the same browser does not make the old callback acceptable.
    b.get(base.resolve("/auth/login"));
    HttpResponse<String> stale = b.get(callback);
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(401);
    assertThat(status(b, "/api/v1/me")).isEqualTo(401);
  }

  @Test
  void an_id_token_with_another_nonce_is_refused() throws Exception {
    Browser b = new Browser();
    URI callback = providerSignsIn(b, location(b.get(base.resolve("/auth/login"))));
    enqueue("nonce@example.com", Map.of("nonce", "a-nonce-from-another-sign-in"), 3600);
    HttpResponse<String> answer = b.get(callback);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(answer.body()).contains("nonce");
    assertThat(Browser.setCookies(answer, "skiff-session")).isEmpty();
    assertThat(status(b, "/api/v1/me")).isEqualTo(401);
  }

  @Test
  void an_expired_id_token_is_refused() throws Exception {
    Browser b = new Browser();
    URI callback = providerSignsIn(b, location(b.get(base.resolve("/auth/login"))));
    enqueue("late@example.com", Map.of(), -300);
    HttpResponse<String> answer = b.get(callback);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
    assertThat(answer.body()).contains("expired");
    assertThat(Browser.setCookies(answer, "skiff-session")).isEmpty();
  }

  @Test
  void someone_outside_the_allowed_domains_and_groups_is_refused() throws Exception {
    Browser b = new Browser();
    HttpResponse<String> answer = signIn(b, "eve@elsewhere.example");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(JSON.readTree(answer.body()).path("detail").asText())
        .isEqualTo(SignInPolicy.refusal("eve@elsewhere.example"));
    assertThat(Browser.setCookies(answer, "skiff-session")).isEmpty();
    assertThat(status(b, "/api/v1/me")).isEqualTo(401);

    // The same domain, but in an allowed group (the groups claim).
    Browser member = new Browser();
    URI callback = providerSignsIn(member, location(member.get(base.resolve("/auth/login"))));
    enqueue("carol@elsewhere.example", Map.of("groups", List.of("staff", "ml-team")), 3600);
    assertThat(member.get(callback).statusCode()).isEqualTo(303);
    assertThat(me(member).path("user").asText()).isEqualTo("carol@elsewhere.example");
  }

  @Test
  void an_unverified_email_is_refused() throws Exception {
    Browser b = new Browser();
    URI callback = providerSignsIn(b, location(b.get(base.resolve("/auth/login"))));
    enqueue("unverified@example.com", Map.of("email_verified", false), 3600);
    HttpResponse<String> answer = b.get(callback);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.body()).contains("not verified");
    assertThat(Browser.setCookies(answer, "skiff-session")).isEmpty();
  }

  @Test
  void next_must_be_a_path_on_this_server() throws Exception {
    Browser b = new Browser();
    for (String next :
        List.of(
            "https://evil.example",
            "//evil.example/x",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "javascript:alert(1)",
            "evil.example")) {
      HttpResponse<String> login = b.get(base.resolve("/auth/login?next=" + enc(next)));
      assertThat(login.statusCode()).as(next).isEqualTo(400);
      assertThat(login.headers().firstValue("location")).as(next).isEmpty();
      assertThat(login.headers().firstValue("content-type").orElse(""))
          .startsWith("application/problem+json");
    }
    HttpResponse<String> local = b.get(base.resolve("/auth/login?next=" + enc("/runs/abc")));
    assertThat(local.statusCode()).isEqualTo(302);
  }

  @Test
  void sign_ins_and_refusals_are_in_the_audit_log() throws Exception {
    Browser b = new Browser();
    URI callback = providerSignsIn(b, location(b.get(base.resolve("/auth/login"))));
    b.get(base.resolve("/auth/callback?code=x&state=forged"));
    Browser admin = new Browser();
    assertThat(signIn(admin, "root@example.com").statusCode()).isEqualTo(303);
    HttpResponse<String> audit =
        admin.get(base.resolve("/api/v1/audit?user=root@example.com&page_size=10"));
    assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    assertThat(audit.body()).contains("GET /auth/callback").contains("\"status\":303");
    List<Integer> anonymous = new ArrayList<>();
    for (JsonNode e :
        JSON.readTree(admin.get(base.resolve("/api/v1/audit?page_size=1000")).body())
            .path("events")) {
      if (e.path("action").asText().equals("GET /auth/callback")
          && e.path("user").asText().isEmpty()) {
        anonymous.add(e.path("status").asInt());
      }
    }
    assertThat(anonymous).contains(401);
    assertThat(callback).isNotNull();
  }

  @Test
  void over_https_both_cookies_are_host_prefixed_secure_httponly_and_lax() throws Exception {
    URI external = URI.create("https://skiff.example");
    try (SkiffServer https = SkiffServer.start(config(homes.resolve("https"), 0, external))) {
      Browser b = new Browser().reroute("skiff.example", https.url());
      HttpResponse<String> login = b.get(external.resolve("/auth/login"));
      assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
      assertThat(Browser.query(location(login)))
          .containsEntry("redirect_uri", "https://skiff.example/auth/callback");
      assertThat(Browser.setCookies(login, "__Host-skiff-login").getFirst())
          .contains("Path=/")
          .contains("Secure")
          .contains("HttpOnly")
          .contains("SameSite=Lax")
          .doesNotContain("Domain");
      URI callback = providerSignsIn(b, location(login));
      assertThat(callback.toString()).startsWith("https://skiff.example/auth/callback?");
      enqueue("secure@example.com", Map.of(), 3600);
      HttpResponse<String> answer = b.get(callback);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
      String session = Browser.setCookies(answer, "__Host-skiff-session").getLast();
      assertThat(session)
          .startsWith("__Host-skiff-session=")
          .contains("Secure")
          .contains("HttpOnly")
          .contains("SameSite=Lax")
          .contains("Path=/")
          .doesNotContain("Domain");
      assertThat(Browser.setCookies(answer, "skiff-session")).isEmpty();
      HttpResponse<String> me = b.get(external.resolve("/api/v1/me"));
      assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
      assertThat(JSON.readTree(me.body()).path("user").asText()).isEqualTo("secure@example.com");
    }
  }

  // ---------------------------------------------------------------------------------- helpers

  /** A whole sign-in as {@code email} (verified, no groups), ending with the callback's answer. */
  HttpResponse<String> signIn(Browser b, String email) throws Exception {
    HttpResponse<String> login = b.get(base.resolve("/auth/login"));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
    URI callback = providerSignsIn(b, location(login));
    enqueue(email, Map.of(), 3600);
    return b.get(callback);
  }

  /** The provider's authorization endpoint signs the browser in and sends it back. */
  static URI providerSignsIn(Browser b, URI authorize) throws Exception {
    HttpResponse<String> res = b.get(authorize);
    assertThat(res.statusCode()).as(res.body()).isEqualTo(302);
    return location(res);
  }

  /**
   * What the provider's next ID token says: {@code email} (verified unless {@code claims} says
   * otherwise), the claims, valid for {@code expirySeconds} (negative: already expired).
   */
  void enqueue(String email, Map<String, Object> claims, long expirySeconds) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("email", email);
    all.put("email_verified", true);
    all.putAll(claims);
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(ISSUER_ID, "sub-" + email, "JWT", null, all, expirySeconds));
  }

  JsonNode me(Browser b) throws Exception {
    HttpResponse<String> res = b.get(base.resolve("/api/v1/me"));
    assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
    return JSON.readTree(res.body());
  }

  int status(Browser b, String path) throws Exception {
    return b.get(base.resolve(path)).statusCode();
  }

  static URI location(HttpResponse<?> res) {
    return URI.create(res.headers().firstValue("location").orElseThrow());
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  SkiffConfig config(Path home, int port, URI external) {
    AuthSettings auth =
        new AuthSettings(
            AuthSettings.Mode.OIDC,
            external,
            Set.of("root@example.com"),
            Set.of(),
            Set.of("example.com"),
            Set.of("ml-team"),
            AuthSettings.DEFAULT_SESSION_TTL,
            AuthSettings.DEFAULT_TOKEN_TTL,
            new AuthSettings.Oidc(
                URI.create(provider.issuerUrl(ISSUER_ID).toString()),
                CLIENT_ID,
                SECRET,
                "openid email profile",
                "groups"),
            null,
            null);
    return new SkiffConfig(
        home,
        new SkiffConfig.Http("127.0.0.1", port, Duration.ofSeconds(5)),
        new SkiffConfig.Database(null, null, null),
        new SkiffConfig.Engine("local", Duration.ofSeconds(15)),
        ArtifactStoreConfig.LOCAL,
        SkiffConfig.Retention.DEFAULT,
        SkiffConfig.Api.DEFAULTS,
        auth);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
