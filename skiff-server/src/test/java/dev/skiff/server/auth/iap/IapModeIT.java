package dev.skiff.server.auth.iap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.skiff.server.auth.ModeServer;
import dev.skiff.server.config.AuthSettings;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IAP mode on a real server: assertions signed by a test P-256 key served from a local JWKS URL,
 * checked on every request; anything else about them is refused.
 */
class IapModeIT {
  private static final String ASSERTION = IapAuthenticator.ASSERTION_HEADER;
  private static final ECKey KEY = TestJwks.newKey("k1");

  @TempDir static Path home;
  static TestJwks jwks;
  static ModeServer server;

  @BeforeAll
  static void start() throws Exception {
    jwks = new TestJwks().serve(KEY);
    server =
        ModeServer.start(
            home,
            ModeServer.settings(
                AuthSettings.Mode.IAP,
                Set.of("example.com"),
                Set.of(),
                new AuthSettings.Iap(TestJwks.AUDIENCE, jwks.url()),
                null));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  private static String valid(String email) {
    return TestJwks.sign(KEY, TestJwks.claims(email).build());
  }

  @Test
  void a_valid_assertion_signs_the_user_in_with_a_default_profile() throws Exception {
    HttpResponse<String> me = server.me(ASSERTION, valid("Ada.Lovelace@Example.com"));
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    JsonNode body = ModeServer.json(me);
    assertThat(body.path("user").asText()).isEqualTo("ada.lovelace@example.com");
    assertThat(body.path("auth_method").asText()).isEqualTo("iap");
    assertThat(body.path("default_profile").asText()).isEqualTo("ada-lovelace");
    assertThat(body.path("platform_admin").asBoolean()).isFalse();
    assertThat(body.path("profiles").toString())
        .isEqualTo(
            "[{\"name\":\"ada-lovelace\",\"role\":\"owner\"},"
                + "{\"name\":\"shared\",\"role\":\"view\"}]");
    assertThat(server.server().database().profiles().find("ada-lovelace"))
        .hasValueSatisfying(p -> assertThat(p.owner()).isEqualTo("ada.lovelace@example.com"));

    // The same user again, the claim namespaced as in IAP's unsigned headers: one user, one
    // profile.
    HttpResponse<String> again =
        server.me(ASSERTION, valid("accounts.google.com:ada.lovelace@example.com"));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(ModeServer.json(again).path("user").asText()).isEqualTo("ada.lovelace@example.com");
    assertThat(ModeServer.json(again).path("default_profile").asText()).isEqualTo("ada-lovelace");
  }

  @Test
  void the_keys_are_fetched_once_for_many_requests() throws Exception {
    assertThat(server.me(ASSERTION, valid("ada@example.com")).statusCode()).isEqualTo(200);
    int fetched = jwks.fetches();
    assertThat(fetched).isPositive();
    for (int i = 0; i < 10; i++) {
      assertThat(server.me(ASSERTION, valid("ada@example.com")).statusCode()).isEqualTo(200);
    }
    assertThat(jwks.fetches()).isEqualTo(fetched);
  }

  @Test
  void clock_skew_of_up_to_30_seconds_is_tolerated() throws Exception {
    Instant now = Instant.now();
    String justExpired =
        TestJwks.sign(
            KEY,
            TestJwks.claims("ada@example.com")
                .expirationTime(Date.from(now.minusSeconds(10)))
                .build());
    String issuedAhead =
        TestJwks.sign(
            KEY,
            TestJwks.claims("ada@example.com").issueTime(Date.from(now.plusSeconds(10))).build());
    assertThat(server.me(ASSERTION, justExpired).statusCode()).isEqualTo(200);
    assertThat(server.me(ASSERTION, issuedAhead).statusCode()).isEqualTo(200);
  }

  static Stream<Arguments> refused() throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet good = TestJwks.claims("ada@example.com").build();
    ECKey impostor = TestJwks.newKey("k1");
    ECKey unknown = TestJwks.newKey("k-unknown");
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return Stream.of(
        Arguments.of(
            "wrong audience",
            "another audience",
            TestJwks.sign(
                KEY,
                TestJwks.claims("ada@example.com")
                    .audience("/projects/123456789/global/backendServices/1")
                    .build())),
        Arguments.of(
            "two audiences",
            "another audience",
            TestJwks.sign(
                KEY,
                TestJwks.claims("ada@example.com")
                    .audience(List.of(TestJwks.AUDIENCE, "/projects/1/apps/other-app"))
                    .build())),
        Arguments.of(
            "wrong issuer",
            "issued by https://accounts.google.com",
            TestJwks.sign(
                KEY,
                TestJwks.claims("ada@example.com").issuer("https://accounts.google.com").build())),
        Arguments.of(
            "expired beyond the skew",
            "expired at",
            TestJwks.sign(
                KEY,
                TestJwks.claims("ada@example.com")
                    .issueTime(Date.from(now.minusSeconds(700)))
                    .expirationTime(Date.from(now.minusSeconds(45)))
                    .build())),
        Arguments.of(
            "issued in the future",
            "issued in the future",
            TestJwks.sign(
                KEY,
                TestJwks.claims("ada@example.com")
                    .issueTime(Date.from(now.plusSeconds(60)))
                    .build())),
        Arguments.of(
            "no expiry",
            "no expiry",
            TestJwks.sign(KEY, TestJwks.claims("ada@example.com").expirationTime(null).build())),
        Arguments.of(
            "no issue time",
            "no issue time",
            TestJwks.sign(KEY, TestJwks.claims("ada@example.com").issueTime(null).build())),
        Arguments.of("unsigned (alg none)", "not signed (alg none)", unsigned(good)),
        Arguments.of(
            "signed by another key with the same kid",
            "signature does not match",
            TestJwks.sign(impostor, good)),
        Arguments.of(
            "signed by a key IAP does not serve",
            "a key IAP does not use",
            TestJwks.sign(unknown, good)),
        Arguments.of("HS256 with the kid", "signed with HS256", hs256(secret, good)),
        Arguments.of(
            "HS256 keyed with the public key's JSON",
            "signed with HS256",
            hs256(publicKeyBytes(), good)),
        Arguments.of("RS256", "signed with RS256", rs256(rsa, good)),
        Arguments.of(
            "signature cut off",
            "signature does not match",
            cutSignature(TestJwks.sign(KEY, good))),
        Arguments.of(
            "no email claim",
            "email claim",
            TestJwks.sign(KEY, TestJwks.claims("ada@example.com").claim("email", null).build())),
        Arguments.of(
            "an email claim that is no address",
            "email claim",
            TestJwks.sign(KEY, TestJwks.claims("ada example.com").build())),
        Arguments.of("not a JWT", "not a JWT", "not-a-jwt"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void invalid_assertions_are_401(String what, String reason, String assertion) throws Exception {
    HttpResponse<String> me = server.me(ASSERTION, assertion);
    assertThat(me.statusCode()).as(what + ": " + me.body()).isEqualTo(401);
    assertThat(me.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(ModeServer.json(me).path("detail").asText())
        .startsWith("the IAP assertion (x-goog-iap-jwt-assertion) is not valid: ")
        .contains(reason);
  }

  @Test
  void the_unsigned_identity_headers_alone_are_never_trusted() throws Exception {
    HttpResponse<String> me =
        server.me(
            "x-goog-authenticated-user-email", "accounts.google.com:ada@example.com",
            "x-goog-authenticated-user-id", "accounts.google.com:1234567890");
    assertThat(me.statusCode()).as(me.body()).isEqualTo(401);
    HttpResponse<String> plain = server.me("x-goog-authenticated-user-email", "ada@example.com");
    assertThat(plain.statusCode()).isEqualTo(401);
  }

  @Test
  void two_assertions_are_refused() throws Exception {
    HttpResponse<String> me =
        server.send(
            server
                .request("/api/v1/me")
                .header(ASSERTION, valid("ada@example.com"))
                .header(ASSERTION, valid("eve@example.com")));
    assertThat(me.statusCode()).as(me.body()).isEqualTo(401);
  }

  @Test
  void a_user_outside_the_allowed_domains_is_403() throws Exception {
    HttpResponse<String> me = server.me(ASSERTION, valid("eve@other.org"));
    assertThat(me.statusCode()).as(me.body()).isEqualTo(403);
    assertThat(ModeServer.json(me).path("detail").asText())
        .contains("eve@other.org may not sign in");
    assertThat(server.server().database().identity().users().find("eve@other.org")).isEmpty();
  }

  @Test
  void an_api_token_works_without_an_assertion_and_acts_beside_one() throws Exception {
    HttpResponse<String> created =
        server.send(
            server
                .request("/api/v1/tokens")
                .header(ASSERTION, valid("grace@example.com"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ci\"}")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String token = ModeServer.json(created).path("token").asText();

    // Inside the cluster, around IAP: the token alone.
    HttpResponse<String> alone = server.me("Authorization", "Bearer " + token);
    assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);
    assertThat(ModeServer.json(alone).path("user").asText()).isEqualTo("grace@example.com");
    assertThat(ModeServer.json(alone).path("auth_method").asText()).isEqualTo("api_token");

    // A script that passed IAP as a service account, acting with grace's token.
    HttpResponse<String> both =
        server.me(ASSERTION, valid("ci-bot@example.com"), "Authorization", "Bearer " + token);
    assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
    assertThat(ModeServer.json(both).path("user").asText()).isEqualTo("grace@example.com");
    assertThat(ModeServer.json(both).path("auth_method").asText()).isEqualTo("api_token");

    // The Google ID token a client passed IAP with is not a Skiff credential: the assertion acts.
    String googleIdToken =
        TestJwks.sign(TestJwks.newKey("google"), TestJwks.claims("x@y.z").build());
    HttpResponse<String> google =
        server.me(
            ASSERTION, valid("grace@example.com"), "Authorization", "Bearer " + googleIdToken);
    assertThat(google.statusCode()).as(google.body()).isEqualTo(200);
    assertThat(ModeServer.json(google).path("auth_method").asText()).isEqualTo("iap");

    // A bad assertion is refused whatever else the request carries.
    HttpResponse<String> forged =
        server.me(
            ASSERTION,
            cutSignature(valid("grace@example.com")),
            "Authorization",
            "Bearer " + token);
    assertThat(forged.statusCode()).isEqualTo(401);
  }

  @Test
  void a_change_sent_by_a_browser_from_another_site_is_refused() throws Exception {
    HttpRequest.Builder fromEvil = newToken().header("Origin", "https://evil.example");
    HttpResponse<String> evil = server.send(fromEvil);
    assertThat(evil.statusCode()).as(evil.body()).isEqualTo(403);
    assertThat(ModeServer.json(evil).path("detail").asText()).contains("cross-origin");

    HttpResponse<String> crossSite = server.send(newToken().header("Sec-Fetch-Site", "cross-site"));
    assertThat(crossSite.statusCode()).as(crossSite.body()).isEqualTo(403);

    URI u = server.url();
    String origin = u.getScheme() + "://" + u.getRawAuthority();
    HttpResponse<String> same =
        server.send(newToken().header("Origin", origin).header("Sec-Fetch-Site", "same-origin"));
    assertThat(same.statusCode()).as(same.body()).isEqualTo(201);
    assertThat(server.server().database().identity().tokens().ofUser("lin@example.com")).hasSize(1);
  }

  private static HttpRequest.Builder newToken() {
    return server
        .request("/api/v1/tokens")
        .header(ASSERTION, valid("lin@example.com"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"browser\"}"));
  }

  @Test
  void keys_that_cannot_be_fetched_are_503_not_a_refusal(@TempDir Path otherHome) throws Exception {
    try (ModeServer down =
        ModeServer.start(
            otherHome,
            ModeServer.settings(
                AuthSettings.Mode.IAP,
                Set.of(),
                Set.of(),
                new AuthSettings.Iap(
                    TestJwks.AUDIENCE, URI.create("http://127.0.0.1:1/public_key-jwk")),
                null))) {
      HttpResponse<String> me = down.me(ASSERTION, valid("ada@example.com"));
      assertThat(me.statusCode()).as(me.body()).isEqualTo(503);
      assertThat(ModeServer.json(me).path("detail").asText())
          .contains("signing keys could not be fetched");
    }
  }

  private static String unsigned(JWTClaimsSet claims) {
    String header =
        Base64URL.encode("{\"alg\":\"none\",\"kid\":\"k1\",\"typ\":\"JWT\"}").toString();
    String payload = Base64URL.encode(claims.toString()).toString();
    return header + "." + payload + ".";
  }

  private static String hs256(byte[] secret, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims);
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  private static byte[] publicKeyBytes() {
    return KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
  }

  private static String rs256(RSAKey key, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static String cutSignature(String jwt) {
    return jwt.substring(0, jwt.lastIndexOf('.') + 1) + Base64URL.encode(new byte[64]).toString();
  }
}
