package dev.skiff.pipeline.model;

import java.util.Optional;

/**
 * A task's {@code cachingOptions}.
 *
 * @param enableCache whether a cached result may be reused (false when unset, as in the proto)
 * @param cacheKey a user-chosen key that replaces the automatic fingerprint inputs
 */
public record CachingOptions(boolean enableCache, Optional<String> cacheKey) {

  /** Caching off, no custom key. */
  public static final CachingOptions DISABLED = new CachingOptions(false, Optional.empty());
}
