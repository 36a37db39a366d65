package dev.skiff.server.auth.oidc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * One browser's sign-in in progress, between {@code /auth/login} and {@code /auth/callback}.
 *
 * @param state the random value the provider sends back (ties the callback to this browser)
 * @param nonce the random value the ID token must carry (ties the token to this sign-in)
 * @param verifier the PKCE code verifier (RFC 7636); its S256 challenge went to the provider
 * @param next the local path to go to once signed in
 * @param expiresAt when this sign-in is no longer accepted
 */
public record LoginState(
    String state, String nonce, String verifier, String next, Instant expiresAt) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new sign-in with fresh random state, nonce and verifier (256 bits each). */
  static LoginState start(String next, Instant expiresAt) {
    return new LoginState(random(), random(), random(), next, expiresAt);
  }

  /** The PKCE S256 code challenge: base64url(SHA-256(verifier)), unpadded. */
  String codeChallenge() {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Whether {@code sent} (the callback's state) is this sign-in's, compared in constant time. */
  boolean sameState(String sent) {
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "LoginState[next=" + next + ", expiresAt=" + expiresAt + "]";
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
