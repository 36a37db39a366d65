package dev.skiff.pipeline.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable JSON value with the same domain as {@code google.protobuf.Value}, the type KFP uses
 * for parameter values, defaults, constants and metadata.
 *
 * <p>Why not Jackson's {@code JsonNode}: its object and array nodes are mutable, so a record
 * holding one would not be immutable, and its numeric subtypes (int, long, double, BigDecimal)
 * carry distinctions that KFP does not have. As in protobuf, every number here is a {@code double}
 * (integers travel as doubles; placeholder formatting prints {@code 20.0} as {@code 20}). Object
 * keys are kept sorted so that equal values print identically, as Go's {@code encoding/json} does
 * for the cache key.
 */
public sealed interface JsonValue {

  /** The JSON {@code null}. */
  enum Null implements JsonValue {
    INSTANCE
  }

  /** A JSON boolean. */
  record Bool(boolean value) implements JsonValue {
    /** The JSON {@code true}. */
    public static final Bool TRUE = new Bool(true);

    /** The JSON {@code false}. */
    public static final Bool FALSE = new Bool(false);
  }

  /** A JSON number; always finite. */
  record Num(double value) implements JsonValue {
    /** Rejects NaN and infinities, which JSON cannot carry. */
    public Num {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("not a finite number: " + value);
      }
    }

    /** Whether the value is a whole number. */
    public boolean isIntegral() {
      return value == Math.rint(value);
    }
  }

  /** A JSON string. */
  record Str(String value) implements JsonValue {
    /** Requires a non-null string. */
    public Str {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A JSON array (a protobuf {@code ListValue}). */
  record Arr(List<JsonValue> items) implements JsonValue {
    /** Copies the items into an unmodifiable list. */
    public Arr {
      items = List.copyOf(items);
    }
  }

  /** A JSON object (a protobuf {@code Struct}); keys are sorted. */
  record Obj(Map<String, JsonValue> fields) implements JsonValue {
    /** The empty object. */
    public static final Obj EMPTY = new Obj(Map.of());

    /** Copies the fields into an unmodifiable, key-sorted map. */
    public Obj {
      fields = Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    /** The field with this name, or {@code null} when absent. */
    public JsonValue get(String name) {
      return fields.get(name);
    }
  }

  /** A string value. */
  static Str of(String value) {
    return new Str(value);
  }

  /** A number value. */
  static Num of(double value) {
    return new Num(value);
  }

  /** A boolean value. */
  static Bool of(boolean value) {
    return value ? Bool.TRUE : Bool.FALSE;
  }

  /** A list value. */
  static Arr list(List<? extends JsonValue> items) {
    return new Arr(new ArrayList<>(items));
  }

  /** A struct value. */
  static Obj struct(Map<String, ? extends JsonValue> fields) {
    return new Obj(new TreeMap<>(fields));
  }

  /**
   * Parses JSON text.
   *
   * @throws IllegalArgumentException when the text is not one JSON value
   */
  static JsonValue parse(String json) {
    return JsonText.parse(json);
  }

  /** Compact JSON text (no spaces), numbers in shortest form, keys sorted. */
  default String toJson() {
    return JsonText.write(this);
  }

  /** The protobuf-style kind name used in messages: string, number, boolean, list, struct, null. */
  default String kind() {
    return switch (this) {
      case Null n -> "null";
      case Bool b -> "boolean";
      case Num n -> "number";
      case Str s -> "string";
      case Arr a -> "list";
      case Obj o -> "struct";
    };
  }
}
