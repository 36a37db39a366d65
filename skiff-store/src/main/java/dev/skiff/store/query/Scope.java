package dev.skiff.store.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which rows a caller may list at all, before any filter: equalities that always hold (e.g. {@code
 * pipeline_id = ?}) and at most one column that may take any of several values (e.g. the caller's
 * profile or no profile). Each of those values is listed on its own index range and the ranges are
 * merged, so that a page costs the same with one visible profile or two.
 *
 * @param equal column to value, all required
 * @param anyColumn the column that may take one of {@code anyOf}, or null
 * @param anyOf its values (at least one when {@code anyColumn} is set)
 */
public record Scope(Map<String, Object> equal, String anyColumn, List<String> anyOf) {
  public Scope {
    equal = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(equal));
    anyOf = anyOf == null ? List.of() : List.copyOf(anyOf);
    if (anyColumn != null && anyOf.isEmpty()) {
      throw new IllegalArgumentException("a scope on " + anyColumn + " needs a value");
    }
  }

  /** Rows whose {@code column} is one of {@code values}. */
  public static Scope anyOf(String column, List<String> values) {
    return new Scope(Map.of(), Objects.requireNonNull(column), values);
  }

  /** Rows whose {@code column} equals {@code value}. */
  public static Scope where(String column, Object value) {
    return new Scope(Map.of(column, value), null, null);
  }

  /** This scope, narrowed by one more equality. */
  public Scope and(String column, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(equal);
    more.put(column, value);
    return new Scope(more, anyColumn, anyOf);
  }
}
