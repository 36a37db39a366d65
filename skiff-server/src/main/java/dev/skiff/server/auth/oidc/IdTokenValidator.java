package dev.skiff.server.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks an ID token as OpenID Connect Core 1.0 (section 3.1.3.7) asks: signed with one of the
 * provider's published asymmetric keys (RSA or EC; {@code alg: none} and HMAC are refused, so
 * nobody who knows the client secret can make one), issued by the discovered issuer, for this
 * client ({@code aud}, and {@code azp} when present or when there are several audiences), within
 * its validity with at most {@link #SKEW} of clock difference, and carrying the nonce of this
 * browser's sign-in. Then it reads who signed in: the e-mail (required, lowercased; refused when
 * the provider says it is not verified), a display name and the groups claim.
 */
final class IdTokenValidator {
  /** The clock difference tolerated between this server and the provider. */
  static final Duration SKEW = Duration.ofSeconds(60);

  /** The signature algorithms accepted: asymmetric ones only. */
  static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  /** The longest e-mail address accepted (RFC 5321's path limit). */
  static final int MAX_EMAIL = 254;

  private final JwksCache keys;
  private final String clientId;
  private final String groupsClaim;

  IdTokenValidator(JwksCache keys, String clientId, String groupsClaim) {
    this.keys = keys;
    this.clientId = clientId;
    this.groupsClaim = groupsClaim;
  }

  /**
   * Who the ID token proves signed in.
   *
   * @param nonce the nonce this browser's sign-in sent
   * @throws SignInException 401 when the token does not hold, 403 when the e-mail is not verified,
   *     502 when the keys cannot be fetched
   */
  VerifiedUser validate(String idToken, ProviderMetadata provider, String nonce, Instant now) {
    SignedJWT jwt = parse(idToken);
    verifySignature(jwt, provider, now);
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refused("its claims are not a JSON object");
    }
    checkClaims(claims, provider, nonce, now);
    return user(claims);
  }

  private static SignedJWT parse(String idToken) {
    if (idToken == null || idToken.isBlank()) {
      throw SignInException.unauthorized(
          "the sign-in provider gave no ID token; is 'openid' in auth.oidc.scopes?");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken);
    } catch (ParseException e) {
      throw refused("it is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw refused("it is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
    }
    return signed;
  }

  private void verifySignature(SignedJWT jwt, ProviderMetadata provider, Instant now) {
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(alg)) {
      throw refused(
          "it is signed with "
              + alg
              + "; only RSA and EC signatures with the provider's published keys are accepted");
    }
    List<JWK> candidates = keys.candidates(provider.jwksUri(), jwt.getHeader(), now);
    if (candidates.isEmpty()) {
      throw refused(
          "it is signed with a key the provider does not publish (key id "
              + jwt.getHeader().getKeyID()
              + ")");
    }
    for (JWK key : candidates) {
      try {
        if (jwt.verify(verifier(key))) {
          return;
        }
      } catch (JOSEException e) {
        // A key that cannot check this signature (another curve, too short): try the next one.
      }
    }
    throw refused("its signature does not verify with the provider's keys");
  }

  private static JWSVerifier verifier(JWK key) throws JOSEException {
    if (key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    if (key instanceof ECKey ec) {
      return new ECDSAVerifier(ec);
    }
    throw new JOSEException("not an RSA or EC key");
  }

  private void checkClaims(
      JWTClaimsSet claims, ProviderMetadata provider, String nonce, Instant now) {
    if (!provider.issuer().equals(claims.getIssuer())) {
      throw refused(
          "it was issued by '" + claims.getIssuer() + "', not by '" + provider.issuer() + "'");
    }
    List<String> audience = claims.getAudience();
    if (!audience.contains(clientId)) {
      throw refused("it is for " + audience + ", not for this client (auth.oidc.clientId)");
    }
    String azp = stringClaim(claims, "azp");
    if (audience.size() > 1 && azp == null) {
      throw refused("it has several audiences and no azp naming this client");
    }
    if (azp != null && !azp.equals(clientId)) {
      throw refused("it was issued to another client (azp '" + azp + "')");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw refused("it has no expiry (exp)");
    }
    if (now.isAfter(exp.toInstant().plus(SKEW))) {
      throw refused("it expired at " + exp.toInstant());
    }
    Date iat = claims.getIssueTime();
    if (iat == null) {
      throw refused("it has no issue time (iat)");
    }
    if (iat.toInstant().isAfter(now.plus(SKEW))) {
      throw refused("it is issued in the future (" + iat.toInstant() + "); check the clocks");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(SKEW))) {
      throw refused("it is not valid before " + nbf.toInstant() + "; check the clocks");
    }
    String sent = stringClaim(claims, "nonce");
    if (sent == null
        || !MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8))) {
      throw refused("its nonce is not the one this browser's sign-in sent (a replayed token?)");
    }
  }

  private VerifiedUser user(JWTClaimsSet claims) {
    String email = stringClaim(claims, "email");
    if (email == null || email.isBlank()) {
      throw SignInException.unauthorized(
          "the sign-in provider's ID token has no email; add 'email' to auth.oidc.scopes or"
              + " have the provider put the email claim in ID tokens");
    }
    email = email.strip().toLowerCase(Locale.ROOT);
    if (!validEmail(email)) {
      throw SignInException.unauthorized(
          "the sign-in provider's ID token has an email that is not an e-mail address");
    }
    Object verified = claims.getClaim("email_verified");
    if (Boolean.FALSE.equals(verified) || "false".equals(verified)) {
      throw SignInException.forbidden(
          email
              + " is not verified at the sign-in provider; verify the address there, then sign in"
              + " again");
    }
    String name = stringClaim(claims, "name");
    if (name == null) {
      name = stringClaim(claims, "preferred_username");
    }
    return new VerifiedUser(email, printable(name), groups(claims.getClaim(groupsClaim)));
  }

  private static boolean validEmail(String email) {
    int at = email.lastIndexOf('@');
    if (email.length() > MAX_EMAIL || at < 1 || at == email.length() - 1) {
      return false;
    }
    return email
        .codePoints()
        .noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  private static Set<String> groups(Object claim) {
    Set<String> out = new LinkedHashSet<>();
    if (claim instanceof String s && !s.isBlank()) {
      out.add(s.strip());
    } else if (claim instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s && !s.isBlank() && s.length() <= 255) {
          out.add(s.strip());
        }
      }
    }
    return out;
  }

  private static String printable(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\p{Cntrl}", "").strip();
    return t.length() > 255 ? t.substring(0, 255) : t;
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    return v instanceof String s ? s : null;
  }

  private static SignInException refused(String why) {
    return SignInException.unauthorized("the sign-in provider's ID token is refused: " + why);
  }

  /**
   * Who an ID token proves signed in.
   *
   * @param email the e-mail, lowercased: the user id
   * @param name a display name (may be empty)
   * @param groups the groups claim's values
   */
  record VerifiedUser(String email, String name, Set<String> groups) {
    VerifiedUser {
      groups = Set.copyOf(groups);
    }
  }
}
