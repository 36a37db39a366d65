package dev.skiff.pipeline.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Defensive copies for record components: unmodifiable, order-preserving. */
final class Copies {

  private Copies() {}

  /** An unmodifiable copy of {@code map} that keeps its iteration order. */
  static <K, V> Map<K, V> map(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
