package dev.skiff.server.auth.oidc;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps a sign-in in progress ({@link LoginState}) in the browser that started it: a short-lived
 * cookie, HttpOnly and SameSite=Lax ({@code __Host-} and Secure over HTTPS), whose value is the
 * state sealed with AES-256-GCM (a JWE, {@code dir}) under a key that lives only in this process.
 *
 * <p>Why a cookie and not a table or a map on the server: an unauthenticated {@code GET
 * /auth/login} then costs the server no memory or row (nobody can fill it up), the state is bound
 * to the browser that started the sign-in by construction (the callback must arrive with the
 * cookie, so a callback link sent to someone else's browser fails), and the cookie is gone once the
 * callback has used it. Sealing (not just signing) keeps the PKCE verifier and the nonce unreadable
 * and unforgeable even to whoever can read or plant cookies. The key is random per process, derived
 * from nothing: a restart only ends sign-ins that are in progress (start again), and no secret can
 * be guessed offline from a cookie.
 */
final class LoginCookie {
  /** The cookie's name over HTTPS. */
  static final String SECURE_NAME = "__Host-skiff-login";

  /** The cookie's name over plain HTTP. */
  static final String PLAIN_NAME = "skiff-login";

  /** How long a sign-in may take at the provider. */
  static final Duration TTL = Duration.ofMinutes(10);

  /** The longest cookie value opened (a sealed state is about 500 characters). */
  static final int MAX_VALUE = 4000;

  private final boolean https;
  private final SecretKey key;

  /** A cookie for a server reached over HTTPS ({@code https}) or plain HTTP. */
  LoginCookie(boolean https) {
    this.https = https;
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    this.key = new SecretKeySpec(k, "AES");
  }

  /** The cookie's name. */
  String name() {
    return https ? SECURE_NAME : PLAIN_NAME;
  }

  /** The cookie that carries {@code state}. */
  Cookie of(LoginState state) {
    return cookie(seal(state), (int) TTL.toSeconds());
  }

  /** The cookie that removes it from the browser. */
  Cookie cleared() {
    return cookie("", 0);
  }

  /** The sealed value. */
  String seal(LoginState s) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("s", s.state());
    claims.put("n", s.nonce());
    claims.put("v", s.verifier());
    claims.put("r", s.next());
    claims.put("e", s.expiresAt().getEpochSecond());
    JWEObject jwe =
        new JWEObject(
            new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), new Payload(claims));
    try {
      jwe.encrypt(new DirectEncrypter(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("AES-256-GCM is in every JDK", e);
    }
    return jwe.serialize();
  }

  /**
   * The sign-in sealed in {@code value}.
   *
   * @throws SignInException (401) when it was not sealed by this process, was changed, or has
   *     expired
   */
  LoginState open(String value, Instant now) {
    if (value == null || value.isBlank()) {
      throw SignInException.unauthorized(
          "no sign-in is in progress in this browser; start again at /auth/login");
    }
    Map<String, Object> m;
    try {
      if (value.length() > MAX_VALUE) {
        throw new ParseException("too long", 0);
      }
      JWEObject jwe = JWEObject.parse(value);
      if (!JWEAlgorithm.DIR.equals(jwe.getHeader().getAlgorithm())
          || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())) {
        throw new ParseException("not dir/A256GCM", 0);
      }
      jwe.decrypt(new DirectDecrypter(key));
      m = jwe.getPayload().toJSONObject();
    } catch (ParseException | JOSEException | IllegalStateException e) {
      throw SignInException.unauthorized(
          "this browser's sign-in is not one this server started (or the server restarted since);"
              + " start again at /auth/login");
    }
    LoginState s;
    try {
      s =
          new LoginState(
              (String) m.get("s"),
              (String) m.get("n"),
              (String) m.get("v"),
              (String) m.get("r"),
              Instant.ofEpochSecond(((Number) m.get("e")).longValue()));
    } catch (ClassCastException | NullPointerException e) {
      throw SignInException.unauthorized("this browser's sign-in is malformed; start again");
    }
    if (s.state() == null || s.nonce() == null || s.verifier() == null || s.next() == null) {
      throw SignInException.unauthorized("this browser's sign-in is malformed; start again");
    }
    if (!s.expiresAt().isAfter(now)) {
      throw SignInException.unauthorized(
          "the sign-in took longer than "
              + TTL.toMinutes()
              + " minutes; start again at /auth/login");
    }
    return s;
  }

  private Cookie cookie(String value, int maxAge) {
    Cookie c = new Cookie(name(), value);
    c.setPath("/");
    c.setHttpOnly(true);
    c.setSecure(https);
    c.setSameSite(SameSite.LAX);
    c.setMaxAge(maxAge);
    return c;
  }
}
