package dev.skiff.server.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's public signing keys (its JWKS), kept for an hour. A token signed by a key id that
 * is not known makes it fetch the set again (keys rotate), but at most once per {@code minRefetch}:
 * tokens with made-up key ids cannot make the server hammer the provider.
 */
final class JwksCache {
  private static final Logger log = LoggerFactory.getLogger(JwksCache.class);

  /** How long fetched keys are used before they are fetched again. */
  static final Duration TTL = Duration.ofHours(1);

  /** The shortest time between two fetches for an unknown key id. */
  static final Duration MIN_REFETCH = Duration.ofSeconds(30);

  private final ProviderHttp http;
  private final Duration minRefetch;
  private URI uri;
  private List<JWK> keys = List.of();
  private Instant fetchedAt;
  private Instant missFetchedAt;
  private int fetches;

  JwksCache(ProviderHttp http, Duration minRefetch) {
    this.http = http;
    this.minRefetch = minRefetch;
  }

  /**
   * The published public keys that could have made a signature with {@code header}: the same key id
   * (when the header names one), a key type of the algorithm's family, meant for signing.
   *
   * @param jwksUri where the keys are (from discovery)
   * @return empty when the provider publishes none that fits, even after a fetch
   * @throws SignInException (502) when the keys were never fetched and cannot be
   */
  synchronized List<JWK> candidates(URI jwksUri, JWSHeader header, Instant now) {
    if (!jwksUri.equals(uri)) {
      uri = jwksUri;
      keys = List.of();
      fetchedAt = null;
      missFetchedAt = null;
    }
    if (fetchedAt == null || !fetchedAt.plus(TTL).isAfter(now)) {
      refresh(now);
    }
    List<JWK> found = select(header);
    if (found.isEmpty()
        && (missFetchedAt == null || !missFetchedAt.plus(minRefetch).isAfter(now))) {
      log.info("no key of {} fits key id {}; fetching them again", uri, header.getKeyID());
      missFetchedAt = now;
      refresh(now);
      found = select(header);
    }
    return found;
  }

  /** How many times the keys were fetched (for tests and diagnostics). */
  synchronized int fetches() {
    return fetches;
  }

  private void refresh(Instant now) {
    fetches++;
    try {
      keys = parse(http.getJson(uri, "the provider's signing keys (jwks_uri)"));
      fetchedAt = now;
    } catch (SignInException e) {
      if (fetchedAt == null) {
        throw e;
      }
      log.warn("keeping the last signing keys of {}: {}", uri, e.getMessage());
      fetchedAt = now.minus(TTL).plus(minRefetch);
    }
  }

  private static List<JWK> parse(JsonNode doc) {
    List<JWK> out = new ArrayList<>();
    for (JsonNode k : doc.path("keys")) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ProviderJson.MAPPER.convertValue(k, Map.class);
        out.add(JWK.parse(map).toPublicJWK());
      } catch (ParseException | IllegalArgumentException e) {
        // A key of a kind this server does not use (or a broken one) cannot verify anything.
        log.debug("skipping a signing key: {}", e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private List<JWK> select(JWSHeader header) {
    JWSAlgorithm alg = header.getAlgorithm();
    KeyType type =
        JWSAlgorithm.Family.RSA.contains(alg)
            ? KeyType.RSA
            : JWSAlgorithm.Family.EC.contains(alg) ? KeyType.EC : null;
    List<JWK> out = new ArrayList<>();
    for (JWK k : keys) {
      Algorithm keyAlg = k.getAlgorithm();
      if ((header.getKeyID() == null || header.getKeyID().equals(k.getKeyID()))
          && k.getKeyType().equals(type)
          && (k.getKeyUse() == null || KeyUse.SIGNATURE.equals(k.getKeyUse()))
          && (keyAlg == null || keyAlg.equals(alg))) {
        out.add(k);
      }
    }
    return out;
  }
}
