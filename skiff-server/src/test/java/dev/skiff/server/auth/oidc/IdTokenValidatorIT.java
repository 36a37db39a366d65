package dev.skiff.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ID-token checks against keys served over real HTTP by a local JWKS endpoint (test RSA and EC
 * keys): signatures, refused algorithms, issuer, audience, azp, expiry and clock skew, nonce, the
 * e-mail rules, and the key cache's rate-limited refetch for unknown key ids.
 */
class IdTokenValidatorIT {
  static final String ISSUER = "https://idp.example/realms/skiff";
  static final String CLIENT = "skiff-web";
  static final String NONCE = "the-nonce-of-this-sign-in";
  static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  HttpServer jwksServer;
  final AtomicInteger served = new AtomicInteger();
  volatile List<JWK> published = new ArrayList<>();
  RSAKey rsa;
  ECKey ec;
  ProviderMetadata provider;
  JwksCache cache;
  IdTokenValidator validator;

  @BeforeEach
  void start() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published = List.of(rsa.toPublicJWK(), ec.toPublicJWK());
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/jwks",
        ex -> {
          served.incrementAndGet();
          byte[] body = new JWKSet(published).toString(true).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    jwksServer.start();
    URI jwks = URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks");
    provider =
        new ProviderMetadata(
            ISSUER,
            URI.create("https://idp.example/auth"),
            URI.create("https://idp.example/token"),
            jwks,
            null,
            Set.of());
    cache = new JwksCache(new ProviderHttp(), Duration.ofSeconds(30));
    validator = new IdTokenValidator(cache, CLIENT, "groups");
  }

  @AfterEach
  void stop() {
    jwksServer.stop(0);
  }

  @Test
  void accepts_rs256_and_es256_tokens_signed_by_published_keys() throws Exception {
    IdTokenValidator.VerifiedUser u =
        validator.validate(
            sign(rsa, JWSAlgorithm.RS256, c -> c.claim("groups", List.of("a", "b"))),
            provider,
            NONCE,
            NOW);
    assertThat(u.email()).isEqualTo("ada@example.com");
    assertThat(u.name()).isEqualTo("Ada");
    assertThat(u.groups()).containsExactlyInAnyOrder("a", "b");
    assertThat(validator.validate(sign(ec, JWSAlgorithm.ES256, c -> {}), provider, NONCE, NOW))
        .extracting(IdTokenValidator.VerifiedUser::email)
        .isEqualTo("ada@example.com");
    assertThat(served.get()).isEqualTo(1);
  }

  @Test
  void refuses_unsigned_and_hmac_tokens() throws Exception {
    String none = new PlainJWT(claims(c -> {})).serialize();
    refused(none, "not signed");
    SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(c -> {}));
    hs.sign(new MACSigner("a-client-secret-that-is-long-enough-for-hs256!"));
    refused(hs.serialize(), "HS256");
  }

  @Test
  void refuses_a_signature_by_another_key_under_a_published_key_id() throws Exception {
    RSAKey impostor = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    refused(sign(impostor, JWSAlgorithm.RS256, c -> {}), "signature does not verify");
  }

  @Test
  void refuses_another_issuer_audience_or_authorized_party() throws Exception {
    refused(sign(rsa, JWSAlgorithm.RS256, c -> c.issuer("https://evil.example")), "issued by");
    refused(sign(rsa, JWSAlgorithm.RS256, c -> c.audience("another-client")), "not for this");
    refused(
        sign(rsa, JWSAlgorithm.RS256, c -> c.audience(List.of(CLIENT, "another-client"))),
        "several audiences");
    refused(
        sign(
            rsa,
            JWSAlgorithm.RS256,
            c -> c.audience(List.of(CLIENT, "another")).claim("azp", "another")),
        "another client");
    assertThat(
            validator.validate(
                sign(
                    rsa,
                    JWSAlgorithm.RS256,
                    c -> c.audience(List.of(CLIENT, "another")).claim("azp", CLIENT)),
                provider,
                NONCE,
                NOW))
        .isNotNull();
  }

  @Test
  void allows_a_minute_of_clock_difference_and_no_more() throws Exception {
    assertThat(
            validator.validate(
                sign(rsa, JWSAlgorithm.RS256, c -> c.expirationTime(at(NOW.minusSeconds(50)))),
                provider,
                NONCE,
                NOW))
        .isNotNull();
    refused(
        sign(rsa, JWSAlgorithm.RS256, c -> c.expirationTime(at(NOW.minusSeconds(61)))), "expired");
    refused(sign(rsa, JWSAlgorithm.RS256, c -> c.issueTime(at(NOW.plusSeconds(120)))), "future");
    refused(sign(rsa, JWSAlgorithm.RS256, c -> c.expirationTime(null)), "no expiry");
    refused(sign(rsa, JWSAlgorithm.RS256, c -> c.issueTime(null)), "no issue time");
  }

  @Test
  void refuses_another_or_no_nonce() throws Exception {
    refused(sign(rsa, JWSAlgorithm.RS256, c -> c.claim("nonce", "another")), "nonce");
    refused(sign(rsa, JWSAlgorithm.RS256, c -> c.claim("nonce", null)), "nonce");
  }

  @Test
  void the_email_is_required_lowercased_and_must_not_be_unverified() throws Exception {
    assertThat(
            validator
                .validate(
                    sign(rsa, JWSAlgorithm.RS256, c -> c.claim("email", "Ada@EXAMPLE.com")),
                    provider,
                    NONCE,
                    NOW)
                .email())
        .isEqualTo("ada@example.com");
    assertThatThrownBy(
            () ->
                validator.validate(
                    sign(rsa, JWSAlgorithm.RS256, c -> c.claim("email", null)),
                    provider,
                    NONCE,
                    NOW))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining("no email")
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(401);
    assertThatThrownBy(
            () ->
                validator.validate(
                    sign(rsa, JWSAlgorithm.RS256, c -> c.claim("email_verified", false)),
                    provider,
                    NONCE,
                    NOW))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining("not verified")
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(403);
  }

  @Test
  void an_unknown_key_id_fetches_the_keys_again_at_most_once_per_interval() throws Exception {
    assertThat(validator.validate(sign(rsa, JWSAlgorithm.RS256, c -> {}), provider, NONCE, NOW))
        .isNotNull();
    assertThat(served.get()).isEqualTo(1);

    RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    refused(sign(rotated, JWSAlgorithm.RS256, c -> {}), "does not publish");
    assertThat(served.get()).as("one refetch for the unknown key id").isEqualTo(2);
    refused(sign(rotated, JWSAlgorithm.RS256, c -> {}), "does not publish");
    refused(
        sign(new RSAKeyGenerator(2048).keyID("made-up").generate(), JWSAlgorithm.RS256, c -> {}),
        "does not publish");
    assertThat(served.get()).as("no refetch within 30 s").isEqualTo(2);

    // The provider rotates its keys; past the interval the new one is fetched and accepted.
    published = List.of(rsa.toPublicJWK(), rotated.toPublicJWK());
    Instant later = NOW.plusSeconds(31);
    assertThat(
            validator.validate(
                sign(rotated, JWSAlgorithm.RS256, c -> c.expirationTime(at(later.plusSeconds(60)))),
                provider,
                NONCE,
                later))
        .isNotNull();
    assertThat(served.get()).isEqualTo(3);
    // Known keys are used from the cache.
    validator.validate(
        sign(rsa, JWSAlgorithm.RS256, c -> c.expirationTime(at(later.plusSeconds(60)))),
        provider,
        NONCE,
        later);
    assertThat(served.get()).isEqualTo(3);
  }

  private void refused(String token, String why) {
    assertThatThrownBy(() -> validator.validate(token, provider, NONCE, NOW))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining(why)
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(401);
  }

  private static String sign(JWK key, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> change)
      throws Exception {
    JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
            claims(change));
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("user-1")
            .audience(CLIENT)
            .issueTime(at(NOW.minusSeconds(5)))
            .expirationTime(at(NOW.plusSeconds(300)))
            .claim("nonce", NONCE)
            .claim("email", "ada@example.com")
            .claim("email_verified", true)
            .claim("name", "Ada");
    change.accept(b);
    return b.build();
  }

  private static Date at(Instant i) {
    return Date.from(i);
  }
}
