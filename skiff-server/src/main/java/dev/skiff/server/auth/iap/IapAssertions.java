package dev.skiff.server.auth.iap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.skiff.server.auth.AuthenticationException;
import dev.skiff.server.auth.UserEmails;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Checks the JWT that Google IAP signs and sends in {@code x-goog-iap-jwt-assertion}, as Google's
 * "Securing your app with signed headers" asks: header {@code alg} ES256 (nothing else: not {@code
 * none}, not HMAC or RSA) with a {@code kid} of IAP's current keys, a valid signature by that key,
 * {@code iss} {@code https://cloud.google.com/iap}, {@code aud} exactly the configured audience,
 * {@code exp} in the future and {@code iat} in the past, each with {@link #CLOCK_SKEW} of slack.
 * The user is the {@code email} claim, lowercased.
 */
public final class IapAssertions {
  /** The issuer of every IAP assertion. */
  public static final String ISSUER = "https://cloud.google.com/iap";

  /** The clock difference tolerated between Google and this server. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

  /** The longest assertion looked at (IAP's are about 1 KiB). */
  static final int MAX_LENGTH = 8192;

  // The unsigned headers IAP sends name the account's namespace before the address; the signed
  // email claim is the plain address, but a namespaced one is read the same way.
  private static final String GOOGLE_NAMESPACE = "accounts.google.com:";

  private final String audience;
  private final IapSigningKeys keys;
  private final Clock clock;

  /**
   * A checker for assertions issued for {@code audience}.
   *
   * @param audience {@code /projects/NUMBER/global/backendServices/ID} or {@code
   *     /projects/NUMBER/apps/PROJECT}
   */
  public IapAssertions(String audience, IapSigningKeys keys, Clock clock) {
    this.audience = audience;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The user (lowercased e-mail) an assertion names.
   *
   * @throws AuthenticationException with a one-line reason when it is not a valid IAP assertion for
   *     this audience now
   * @throws IapSigningKeys.Unavailable when IAP's keys could not be fetched at all
   */
  public String verify(String assertion) {
    if (assertion.length() > MAX_LENGTH) {
      throw invalid("it is longer than " + MAX_LENGTH + " characters");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(assertion);
    } catch (ParseException e) {
      throw invalid("it is not a JWT");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw invalid("it is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
    }
    JWSHeader header = signed.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
      throw invalid("it is signed with " + header.getAlgorithm() + ", IAP signs with ES256");
    }
    if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
      throw invalid("it has critical header parameters");
    }
    String kid = header.getKeyID();
    if (kid == null || kid.isBlank()) {
      throw invalid("it names no signing key (kid)");
    }
    ECKey key = keys.key(kid).orElseThrow(() -> invalid("it is signed by a key IAP does not use"));
    try {
      if (!signed.verify(new ECDSAVerifier(key))) {
        throw invalid("its signature does not match");
      }
    } catch (JOSEException e) {
      throw invalid("its signature cannot be checked");
    }
    JWTClaimsSet claims;
    try {
      claims = signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw invalid("its claims are not a JSON object");
    }
    return checkClaims(claims);
  }

  private String checkClaims(JWTClaimsSet claims) {
    if (!ISSUER.equals(claims.getIssuer())) {
      throw invalid("it was issued by " + claims.getIssuer() + ", not " + ISSUER);
    }
    List<String> aud = claims.getAudience();
    if (aud.size() != 1 || !audience.equals(aud.getFirst())) {
      throw invalid("it was issued for another audience than auth.iap.audience");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw invalid("it has no expiry (exp)");
    }
    if (now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
      throw invalid("it expired at " + exp.toInstant());
    }
    Date iat = claims.getIssueTime();
    if (iat == null) {
      throw invalid("it has no issue time (iat)");
    }
    if (iat.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      throw invalid("it was issued in the future (" + iat.toInstant() + ")");
    }
    Object email = claims.getClaim("email");
    String raw = email instanceof String s ? s : "";
    if (raw.regionMatches(true, 0, GOOGLE_NAMESPACE, 0, GOOGLE_NAMESPACE.length())) {
      raw = raw.substring(GOOGLE_NAMESPACE.length());
    }
    return UserEmails.parse(raw)
        .orElseThrow(() -> invalid("its email claim is not an e-mail address"));
  }

  private static AuthenticationException invalid(String why) {
    return new AuthenticationException(
        "the IAP assertion (x-goog-iap-jwt-assertion) is not valid: " + why);
  }
}
