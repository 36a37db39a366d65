package dev.skiff.store.query;

import java.util.Locale;
import java.util.Objects;

/**
 * A field a list can be filtered and sorted on: its API name and the column behind it.
 *
 * @param name the API's name, e.g. {@code created_at}
 * @param column the column, e.g. {@code created_at}
 * @param type how values compare
 * @param nullable whether the column may be null (it then sorts as the type's lowest value)
 */
public record Field(String name, String column, Type type, boolean nullable) {

  /** How a field's values compare. */
  public enum Type {
    /** Text, compared as the database orders text. */
    TEXT,
    /** A state name: text compared in upper case, KFP's {@code STORAGESTATE_} prefix ignored. */
    ENUM,
    /** A time; a filter value may be an RFC 3339 time or seconds since the epoch. */
    TIME
  }

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
  }

  /** A filter value as the column holds it (an enum's name normalised). */
  Object normalise(Object value) {
    if (type == Type.ENUM && value instanceof String s) {
      String upper = s.strip().toUpperCase(Locale.ROOT);
      return upper.startsWith("STORAGESTATE_") ? upper.substring("STORAGESTATE_".length()) : upper;
    }
    return value;
  }
}
