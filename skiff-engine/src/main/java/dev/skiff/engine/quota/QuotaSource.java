package dev.skiff.engine.quota;

import dev.skiff.store.ProfileRepository;
import dev.skiff.store.identity.ProfileQuota;
import java.time.Clock;
import java.time.Duration;

/** Where the engine reads a profile's quota from. */
@FunctionalInterface
public interface QuotaSource {

  /** No profile has a quota. */
  QuotaSource NONE = profile -> ProfileQuota.NONE;

  /**
   * The quota of {@code profile} as it stands ({@link ProfileQuota#NONE} for a profile without one,
   * and for the empty profile). Called on a run's driver thread before a step starts, so it must be
   * quick: a source that reads a database caches.
   */
  ProfileQuota quotaOf(String profile);

  /**
   * The quotas stored with the profiles, each read again once it is older than {@code ttl}, so an
   * administrator's change applies within {@code ttl} without a restart.
   */
  static QuotaSource cached(ProfileRepository profiles, Duration ttl, Clock clock) {
    return new CachedQuotas(profiles::quota, ttl, clock);
  }
}
