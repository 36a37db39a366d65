package dev.skiff.engine.quota;

import dev.skiff.store.StoreException;
import dev.skiff.store.identity.ProfileQuota;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link QuotaSource} that keeps each profile's quota for a short while. A read that fails (the
 * store is away) keeps the last quota read, or no quota for a profile never read, rather than
 * failing the step that asked: quotas share capacity, they do not guard data.
 */
final class CachedQuotas implements QuotaSource {
  private static final Logger log = LoggerFactory.getLogger(CachedQuotas.class);

  private record Entry(ProfileQuota quota, Instant readAt) {}

  private final Function<String, ProfileQuota> read;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  CachedQuotas(Function<String, ProfileQuota> read, Duration ttl, Clock clock) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("quota cache ttl must not be negative: " + ttl);
    }
    this.read = read;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public ProfileQuota quotaOf(String profile) {
    Instant now = clock.instant();
    Entry e = entries.get(profile);
    if (e != null && now.isBefore(e.readAt().plus(ttl))) {
      return e.quota();
    }
    try {
      ProfileQuota q = read.apply(profile);
      entries.put(profile, new Entry(q, now));
      return q;
    } catch (StoreException ex) {
      ProfileQuota kept = e == null ? ProfileQuota.NONE : e.quota();
      log.warn(
          "Cannot read the quota of profile '{}' ({}); using {}",
          profile,
          ex.getMessage(),
          e == null ? "none" : "the last one read");
      return kept;
    }
  }
}
