package dev.skiff.engine.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Profile;
import dev.skiff.store.identity.ProfileQuota;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quotas read from the store's profiles, kept for a while, read again after it. */
class CachedQuotasIT {
  @TempDir Path home;

  @Test
  void an_administrators_change_applies_once_the_cached_quota_is_old() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      db.profiles().create(Profile.of("team-a", "owner@example.com", ""));
      ProfileQuota one = new ProfileQuota(1, null, null, 1, null);
      db.profiles().setQuota("team-a", one);
      QuotaSource quotas = QuotaSource.cached(db.profiles(), Duration.ofSeconds(5), clock);

      assertThat(quotas.quotaOf("team-a")).isEqualTo(one);
      assertThat(quotas.quotaOf("team-b")).as("no such profile").isEqualTo(ProfileQuota.NONE);
      assertThat(quotas.quotaOf("")).as("runs without a profile").isEqualTo(ProfileQuota.NONE);

      ProfileQuota two = new ProfileQuota(2, 4000L, null, 2, null);
      db.profiles().setQuota("team-a", two);
      now.set(now.get().plusSeconds(4));
      assertThat(quotas.quotaOf("team-a")).as("still cached").isEqualTo(one);
      now.set(now.get().plusSeconds(1));
      assertThat(quotas.quotaOf("team-a")).isEqualTo(two);
    }
  }
}
