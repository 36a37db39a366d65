package dev.skiff.store.query;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a page ends: the last row's sort value and id. The next page starts right after it (keyset
 * pagination: a page costs the same however deep it is, and rows added meanwhile do not shift it).
 *
 * @param key the last row's value of the sort field: a {@link String}, {@link Long} or {@link
 *     Instant}
 * @param id the last row's id
 */
public record Cursor(Object key, String id) {
  public Cursor {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(id, "id");
    if (!(key instanceof String || key instanceof Long || key instanceof Instant)) {
      throw new IllegalArgumentException("unsupported cursor key " + key.getClass());
    }
  }
}
