package dev.skiff.server.auth.oidc;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's discovery document, fetched on first use and kept for an hour. When a refresh
 * fails, the last good document is kept (a provider's brief outage does not stop sign-ins that need
 * only its other endpoints).
 */
final class Discovery {
  private static final Logger log = LoggerFactory.getLogger(Discovery.class);

  /** How long a fetched document is used before it is fetched again. */
  static final Duration TTL = Duration.ofHours(1);

  /** The path under the issuer (OpenID Connect Discovery 1.0, section 4). */
  static final String WELL_KNOWN = "/.well-known/openid-configuration";

  private final URI issuer;
  private final ProviderHttp http;
  private ProviderMetadata cached;
  private Instant fetchedAt;

  Discovery(URI issuer, ProviderHttp http) {
    this.issuer = issuer;
    this.http = http;
  }

  /** The document's URL. */
  URI documentUri() {
    String base = issuer.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + WELL_KNOWN);
  }

  /**
   * The provider's metadata, fetched when none is kept or it is older than {@link #TTL}.
   *
   * @throws SignInException (502) when it cannot be had and none is kept
   */
  synchronized ProviderMetadata metadata(Instant now) {
    if (cached != null && fetchedAt.plus(TTL).isAfter(now)) {
      return cached;
    }
    try {
      cached =
          ProviderMetadata.parse(http.getJson(documentUri(), "the discovery document"), issuer);
      fetchedAt = now;
      return cached;
    } catch (SignInException e) {
      if (cached == null) {
        throw e;
      }
      log.warn("keeping the last discovery document of {}: {}", issuer, e.getMessage());
      // Try again in a minute rather than at every request.
      fetchedAt = now.minus(TTL).plus(Duration.ofMinutes(1));
      return cached;
    }
  }
}
