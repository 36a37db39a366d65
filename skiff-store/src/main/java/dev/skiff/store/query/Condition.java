package dev.skiff.store.query;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One condition of a list's filter: {@code field op value} (or {@code field IN values}). Values are
 * {@link String}, {@link Long} or {@link Instant}; the field's type decides how one is compared (a
 * time compares with an instant, seconds since the epoch or RFC 3339 text).
 *
 * @param field the API's field name, e.g. {@code display_name}
 * @param op how it compares
 * @param values one value, or any number for {@link Op#IN}
 */
public record Condition(String field, Op op, List<Object> values) {

  /** Checks the shape: one value unless IN, values of the supported types. */
  public Condition {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(op, "op");
    values = List.copyOf(values);
    if (op != Op.IN && values.size() != 1) {
      throw new InvalidQueryException(
          "filter on " + field + ": " + op + " takes one value, got " + values.size());
    }
    for (Object v : values) {
      if (!(v instanceof String || v instanceof Long || v instanceof Instant)) {
        throw new IllegalArgumentException("unsupported filter value " + v.getClass());
      }
    }
  }

  /** A condition with one value. */
  public static Condition of(String field, Op op, Object value) {
    return new Condition(field, op, List.of(value));
  }
}
