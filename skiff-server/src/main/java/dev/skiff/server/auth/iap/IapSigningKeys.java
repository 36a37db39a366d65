package dev.skiff.server.auth.iap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IAP's public signing keys, fetched from the JWKS URL ({@code auth.iap.jwksUrl}) and kept.
 *
 * <p>Google rotates the keys: an assertion signed by a key not seen yet makes the set be fetched
 * again, and the set is refreshed when it is older than {@link #MAX_AGE}. Fetches are at least
 * {@link #MIN_REFETCH} apart whatever the requests ask for, so that assertions with made-up key ids
 * cannot make the server hammer the URL. When a refresh fails, the keys already known are used.
 * Only P-256 keys for ES256 signatures are kept.
 */
public final class IapSigningKeys {
  private static final Logger log = LoggerFactory.getLogger(IapSigningKeys.class);

  /** The shortest time between two fetches. */
  public static final Duration MIN_REFETCH = Duration.ofSeconds(30);

  /** How long a fetched set is used before it is fetched again. */
  public static final Duration MAX_AGE = Duration.ofHours(1);

  /** The largest key set read (Google's is about 2 KiB). */
  static final int MAX_BYTES = 1 << 20;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI url;
  private final HttpClient http;
  private final Clock clock;
  private final Duration minRefetch;
  private final ReentrantLock lock = new ReentrantLock();
  private Map<String, ECKey> keys;
  private Instant fetchedAt = Instant.MIN;
  private Instant triedAt = Instant.MIN;

  /** The keys at {@code url}, fetched {@link #MIN_REFETCH} apart at most. */
  public IapSigningKeys(URI url, Clock clock) {
    this(url, clock, MIN_REFETCH);
  }

  /** The keys at {@code url}, fetched {@code minRefetch} apart at most. */
  IapSigningKeys(URI url, Clock clock, Duration minRefetch) {
    this.url = url;
    this.clock = clock;
    this.minRefetch = minRefetch;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Thrown when no key set could be fetched yet: the assertion cannot be checked at all. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }

  /**
   * The key with id {@code kid}, fetching the set when it is unknown or old (but never more often
   * than the minimum interval).
   *
   * @return empty when the set, fetched as recently as allowed, has no such key
   * @throws Unavailable when no set has ever been fetched and fetching it fails now
   */
  public Optional<ECKey> key(String kid) {
    lock.lock();
    try {
      Instant now = clock.instant();
      boolean unknown = keys == null || !keys.containsKey(kid);
      boolean old = keys != null && fetchedAt.plus(MAX_AGE).isBefore(now);
      if ((unknown || old) && !triedAt.plus(minRefetch).isAfter(now)) {
        refresh(now);
      }
      if (keys == null) {
        throw new Unavailable(
            "IAP's signing keys could not be fetched from " + url + "; retry in a moment");
      }
      return Optional.ofNullable(keys.get(kid));
    } finally {
      lock.unlock();
    }
  }

  private void refresh(Instant now) {
    triedAt = now;
    try {
      keys = fetch();
      fetchedAt = now;
      log.info("fetched {} IAP signing key(s) from {}", keys.size(), url);
    } catch (IOException | ParseException | RuntimeException e) {
      log.warn(
          "cannot fetch IAP's signing keys from {}: {}{}",
          url,
          e.getMessage(),
          keys == null ? "" : " (the keys fetched before are used)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("fetching IAP's signing keys from {} was interrupted", url);
    }
  }

  private Map<String, ECKey> fetch() throws IOException, InterruptedException, ParseException {
    HttpRequest request =
        HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Accept", "application/json").build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) {
        throw new IOException("the key set is larger than " + MAX_BYTES + " bytes");
      }
      Map<String, ECKey> found = new HashMap<>();
      for (JWK jwk : JWKSet.parse(new String(body, StandardCharsets.UTF_8)).getKeys()) {
        if (jwk instanceof ECKey ec
            && Curve.P_256.equals(ec.getCurve())
            && (ec.getAlgorithm() == null || JWSAlgorithm.ES256.equals(ec.getAlgorithm()))
            && (ec.getKeyUse() == null || KeyUse.SIGNATURE.equals(ec.getKeyUse()))
            && ec.getKeyID() != null) {
          found.put(ec.getKeyID(), ec.toPublicJWK());
        }
      }
      if (found.isEmpty()) {
        throw new IOException("the key set has no P-256 signing key");
      }
      return Map.copyOf(found);
    }
  }
}
