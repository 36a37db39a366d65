package dev.skiff.engine.drive;

import dev.skiff.engine.cache.CacheKeys;
import dev.skiff.engine.cache.KfpCacheKeys;
import dev.skiff.engine.quota.QuotaSource;
import dev.skiff.engine.run.RunModel;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RunService} is set up.
 *
 * @param cacheKeys the cache fingerprint function
 * @param clock the time source (runs, tasks, retry backoff, leases)
 * @param observer sees every state change (for tests; {@link RunModel.TransitionObserver#NONE})
 * @param leaseTtl how long this process's hold on a run lasts without a heartbeat: another process
 *     takes a run over this long after its owner stopped (at once when the owner is a dead process
 *     on the same host)
 * @param heartbeat how often leases are renewed and cancel requests from other processes are read
 * @param takeOverAbandoned whether this engine takes over unfinished runs whose owner died, and
 *     claims any run that waits for a driver (a server does; a one-shot CLI command does not)
 * @param limits how many runs are driven at once and may wait, and the largest pipeline accepted
 * @param quotas the profiles' quotas on running steps ({@link QuotaSource#NONE}: no quotas)
 */
public record EngineConfig(
    CacheKeys cacheKeys,
    Clock clock,
    RunModel.TransitionObserver observer,
    Duration leaseTtl,
    Duration heartbeat,
    boolean takeOverAbandoned,
    RunLimits limits,
    QuotaSource quotas) {
  public EngineConfig {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(quotas, "quotas");
    Objects.requireNonNull(cacheKeys, "cacheKeys");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(observer, "observer");
    if (heartbeat.isZero() || heartbeat.isNegative() || leaseTtl.compareTo(heartbeat) <= 0) {
      throw new IllegalArgumentException(
          "the lease must outlast the heartbeat (lease "
              + leaseTtl
              + ", heartbeat "
              + heartbeat
              + ")");
    }
  }

  /**
   * KFP's cache keys, the system clock, a 15 s lease renewed every second, no takeover, the default
   * {@link RunLimits}, no quotas.
   */
  public static EngineConfig defaults() {
    return new EngineConfig(
        new KfpCacheKeys(),
        Clock.systemUTC(),
        RunModel.TransitionObserver.NONE,
        Duration.ofSeconds(15),
        Duration.ofSeconds(1),
        false,
        RunLimits.defaults(),
        QuotaSource.NONE);
  }

  /** A copy with another cache key function. */
  public EngineConfig withCacheKeys(CacheKeys keys) {
    return new EngineConfig(
        keys, clock, observer, leaseTtl, heartbeat, takeOverAbandoned, limits, quotas);
  }

  /** A copy with a transition observer. */
  public EngineConfig withObserver(RunModel.TransitionObserver o) {
    return new EngineConfig(
        cacheKeys, clock, o, leaseTtl, heartbeat, takeOverAbandoned, limits, quotas);
  }

  /** A copy with this lease length and heartbeat. */
  public EngineConfig withLeases(Duration ttl, Duration beat) {
    return new EngineConfig(
        cacheKeys, clock, observer, ttl, beat, takeOverAbandoned, limits, quotas);
  }

  /** A copy that takes over abandoned runs, or not. */
  public EngineConfig withTakeOver(boolean takeOver) {
    return new EngineConfig(
        cacheKeys, clock, observer, leaseTtl, heartbeat, takeOver, limits, quotas);
  }

  /** A copy with these quotas. */
  public EngineConfig withQuotas(QuotaSource q) {
    return new EngineConfig(
        cacheKeys, clock, observer, leaseTtl, heartbeat, takeOverAbandoned, limits, q);
  }

  /** A copy with these limits. */
  public EngineConfig withLimits(RunLimits l) {
    return new EngineConfig(
        cacheKeys, clock, observer, leaseTtl, heartbeat, takeOverAbandoned, l, quotas);
  }
}
