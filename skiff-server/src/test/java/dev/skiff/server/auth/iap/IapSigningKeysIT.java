package dev.skiff.server.auth.iap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** IAP's keys fetched over real HTTP: cached, refetched for a new kid, never more than allowed. */
class IapSigningKeysIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));

  @Test
  void keys_are_fetched_once_and_kept() throws Exception {
    ECKey k1 = TestJwks.newKey("k1");
    try (TestJwks jwks = new TestJwks().serve(k1)) {
      IapSigningKeys keys = new IapSigningKeys(jwks.url(), clock);
      assertThat(jwks.fetches()).as("nothing fetched before it is needed").isZero();
      for (int i = 0; i < 5; i++) {
        assertThat(keys.key("k1")).hasValueSatisfying(k -> assertThat(k.isPrivate()).isFalse());
        clock.advance(Duration.ofMinutes(5));
      }
      assertThat(jwks.fetches()).isEqualTo(1);
      clock.advance(IapSigningKeys.MAX_AGE);
      assertThat(keys.key("k1")).isPresent();
      assertThat(jwks.fetches()).as("an old set is refreshed").isEqualTo(2);
    }
  }

  @Test
  void an_unknown_kid_refetches_once_and_no_more_often_than_the_minimum_interval()
      throws Exception {
    ECKey k1 = TestJwks.newKey("k1");
    ECKey k2 = TestJwks.newKey("k2");
    try (TestJwks jwks = new TestJwks().serve(k1)) {
      IapSigningKeys keys = new IapSigningKeys(jwks.url(), clock);
      assertThat(keys.key("k1")).isPresent();
      clock.advance(IapSigningKeys.MIN_REFETCH);

      // Google rotated: the new key is found by one refetch.
      jwks.serve(k2);
      assertThat(keys.key("k2")).hasValueSatisfying(k -> assertThat(k.getKeyID()).isEqualTo("k2"));
      assertThat(jwks.fetches()).isEqualTo(2);

      // Made-up kids within the interval cost nothing.
      for (int i = 0; i < 20; i++) {
        assertThat(keys.key("made-up-" + i)).isEmpty();
      }
      assertThat(jwks.fetches()).isEqualTo(2);
      assertThat(keys.key("k1")).isPresent();
      assertThat(keys.key("k2")).isPresent();

      clock.advance(IapSigningKeys.MIN_REFETCH);
      assertThat(keys.key("made-up")).isEmpty();
      assertThat(jwks.fetches()).as("one refetch once the interval passed").isEqualTo(3);
    }
  }

  @Test
  void a_failed_refresh_keeps_the_known_keys_and_no_keys_at_all_is_unavailable() throws Exception {
    ECKey k1 = TestJwks.newKey("k1");
    try (TestJwks jwks = new TestJwks().serve(k1)) {
      IapSigningKeys keys = new IapSigningKeys(jwks.url(), clock);
      assertThat(keys.key("k1")).isPresent();
      jwks.answer(500);
      clock.advance(IapSigningKeys.MAX_AGE.plusSeconds(1));
      assertThat(keys.key("k1")).as("the known keys are used").isPresent();
      assertThat(jwks.fetches()).isEqualTo(2);
    }
    IapSigningKeys nowhere =
        new IapSigningKeys(URI.create("http://127.0.0.1:1/public_key-jwk"), clock);
    assertThatThrownBy(() -> nowhere.key("k1"))
        .isInstanceOf(IapSigningKeys.Unavailable.class)
        .hasMessageContaining("could not be fetched");
  }

  @Test
  void keys_that_are_not_p256_signing_keys_are_left_out() throws Exception {
    ECKey p384 =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_384)
            .keyID("p384")
            .generate();
    ECKey k1 = TestJwks.newKey("k1");
    try (TestJwks jwks = new TestJwks().serve(p384).serve(k1)) {
      IapSigningKeys keys = new IapSigningKeys(jwks.url(), clock);
      assertThat(keys.key("k1")).isPresent();
      assertThat(keys.key("p384")).isEmpty();
    }
  }
}
