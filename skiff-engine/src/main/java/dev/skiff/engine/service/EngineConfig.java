package dev.skiff.engine.service;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How a {@link RunService} is set up.
 *
 * @param home {@code SKIFF_HOME}: artifacts and attempt folders go under it
 * @param cacheKeys the cache fingerprint function
 * @param clock the time source (runs, tasks, retry backoff)
 * @param observer sees every state change (for tests; {@link RunModel.TransitionObserver#NONE})
 */
public record EngineConfig(
    Path home, CacheKeys cacheKeys, Clock clock, RunModel.TransitionObserver observer) {
  public EngineConfig {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(cacheKeys, "cacheKeys");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(observer, "observer");
  }

  /** The defaults for {@code home}. */
  public static EngineConfig of(Path home) {
    return new EngineConfig(
        home, new KfpCacheKeys(), Clock.systemUTC(), RunModel.TransitionObserver.NONE);
  }

  /** A copy with another cache key function. */
  public EngineConfig withCacheKeys(CacheKeys keys) {
    return new EngineConfig(home, keys, clock, observer);
  }

  /** A copy with a transition observer. */
  public EngineConfig withObserver(RunModel.TransitionObserver o) {
    return new EngineConfig(home, cacheKeys, clock, o);
  }
}
