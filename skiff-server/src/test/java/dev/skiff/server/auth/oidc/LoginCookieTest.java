package dev.skiff.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginCookieTest {
  static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void seals_and_opens_a_sign_in() {
    LoginCookie c = new LoginCookie(false);
    LoginState s = LoginState.start("/runs", NOW.plus(LoginCookie.TTL));
    String sealed = c.seal(s);
    assertThat(sealed).doesNotContain(s.state()).doesNotContain(s.nonce()).doesNotContain("/runs");
    assertThat(c.open(sealed, NOW)).isEqualTo(s);
  }

  @Test
  void fresh_values_every_time_and_an_s256_challenge() {
    LoginState a = LoginState.start("/", NOW);
    LoginState b = LoginState.start("/", NOW);
    assertThat(a.state()).isNotEqualTo(b.state());
    assertThat(a.nonce()).isNotEqualTo(b.nonce()).isNotEqualTo(a.state());
    assertThat(a.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
    // RFC 7636 appendix B.
    LoginState rfc =
        new LoginState("s", "n", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "/", NOW);
    assertThat(rfc.codeChallenge()).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(a.sameState(a.state())).isTrue();
    assertThat(a.sameState(b.state())).isFalse();
    assertThat(a.sameState(null)).isFalse();
  }

  @Test
  void refuses_a_changed_foreign_or_expired_cookie() {
    LoginCookie c = new LoginCookie(true);
    LoginState s = LoginState.start("/", NOW.plus(LoginCookie.TTL));
    String sealed = c.seal(s);
    // One character of the ciphertext (the fourth part) changed.
    String[] parts = sealed.split("\\.");
    char first = parts[3].charAt(0);
    parts[3] = (first == 'A' ? 'B' : 'A') + parts[3].substring(1);
    refused(c, String.join(".", parts));
    refused(c, new LoginCookie(true).seal(s));
    refused(c, "not-a-jwe");
    refused(c, "");
    refused(c, null);
    refused(c, "x".repeat(LoginCookie.MAX_VALUE + 1));
    assertThatThrownBy(() -> c.open(sealed, NOW.plus(LoginCookie.TTL)))
        .isInstanceOf(SignInException.class)
        .hasMessageContaining("longer than 10 minutes");
  }

  @Test
  void over_https_the_cookie_is_host_prefixed_secure_httponly_and_lax() {
    LoginCookie c = new LoginCookie(true);
    Cookie cookie = c.of(LoginState.start("/", NOW.plus(LoginCookie.TTL)));
    assertThat(cookie.getName()).isEqualTo("__Host-skiff-login");
    assertThat(cookie.getSecure()).isTrue();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo(SameSite.LAX);
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.getDomain()).isNull();
    assertThat(cookie.getMaxAge()).isEqualTo(600);
    assertThat(c.cleared().getMaxAge()).isZero();
    assertThat(new LoginCookie(false).name()).isEqualTo("skiff-login");
    assertThat(new LoginCookie(false).of(LoginState.start("/", NOW)).getSecure()).isFalse();
  }

  private static void refused(LoginCookie c, String value) {
    assertThatThrownBy(() -> c.open(value, NOW))
        .isInstanceOf(SignInException.class)
        .extracting(e -> ((SignInException) e).status())
        .isEqualTo(401);
  }
}
