package dev.skiff.kubernetes.pod;

import dev.skiff.pipeline.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of the fields of one JSON object, each failure an {@link IllegalArgumentException}
 * naming the field by its path (e.g. {@code container.env[2].name}), for the pod contract's codecs.
 */
final class JsonFields {
  private final JsonValue.Obj obj;
  private final String where;

  private JsonFields(JsonValue.Obj obj, String where) {
    this.obj = obj;
    this.where = where;
  }

  /** The fields of {@code value}, which must be an object; {@code where} names it in messages. */
  static JsonFields of(JsonValue value, String where) {
    if (value instanceof JsonValue.Obj o) {
      return new JsonFields(o, where);
    }
    throw new IllegalArgumentException(
        (where.isEmpty() ? "the document" : where)
            + " must be a JSON object, got "
            + (value == null ? "nothing" : "a " + value.kind()));
  }

  /** Parses JSON text that must be an object. */
  static JsonFields parse(String json, String what) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    JsonValue value;
    try {
      value = JsonValue.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getMessage());
    }
    return of(value, "");
  }

  /** The object itself. */
  JsonValue.Obj obj() {
    return obj;
  }

  /** The path of a field of this object. */
  String path(String field) {
    return where.isEmpty() ? field : where + "." + field;
  }

  /** The raw field, or null when absent. */
  JsonValue raw(String field) {
    return obj.get(field);
  }

  /** Whether the field is present and not null. */
  boolean has(String field) {
    JsonValue v = obj.get(field);
    return v != null && !(v instanceof JsonValue.Null);
  }

  JsonValue required(String field) {
    JsonValue v = obj.get(field);
    if (v == null || v instanceof JsonValue.Null) {
      throw new IllegalArgumentException(path(field) + " is missing");
    }
    return v;
  }

  String str(String field) {
    if (required(field) instanceof JsonValue.Str s) {
      return s.value();
    }
    throw wrongKind(field, "a string");
  }

  /** A string field; {@code fallback} when absent or null. */
  String str(String field, String fallback) {
    return has(field) ? str(field) : fallback;
  }

  double num(String field) {
    if (required(field) instanceof JsonValue.Num n) {
      return n.value();
    }
    throw wrongKind(field, "a number");
  }

  /** A number field; {@code fallback} when absent or null. */
  double num(String field, double fallback) {
    return has(field) ? num(field) : fallback;
  }

  long integer(String field) {
    double v = num(field);
    if (v != Math.rint(v) || Math.abs(v) > (1L << 53)) {
      throw new IllegalArgumentException(path(field) + " must be a whole number, got " + v);
    }
    return (long) v;
  }

  /** A whole-number field; {@code fallback} when absent or null. */
  long integer(String field, long fallback) {
    return has(field) ? integer(field) : fallback;
  }

  boolean bool(String field) {
    if (required(field) instanceof JsonValue.Bool b) {
      return b.value();
    }
    throw wrongKind(field, "a boolean");
  }

  JsonFields object(String field) {
    return of(required(field), path(field));
  }

  /** An object field; empty when absent or null. */
  JsonFields objectOrEmpty(String field) {
    return has(field) ? object(field) : new JsonFields(JsonValue.Obj.EMPTY, path(field));
  }

  /** The items of a list field, each with its path ({@code field[i]}); empty when absent. */
  List<Item> list(String field) {
    if (!has(field)) {
      return List.of();
    }
    if (!(obj.get(field) instanceof JsonValue.Arr arr)) {
      throw wrongKind(field, "a list");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < arr.items().size(); i++) {
      items.add(new Item(arr.items().get(i), path(field) + "[" + i + "]"));
    }
    return items;
  }

  /** A list of strings; empty when absent. */
  List<String> strings(String field) {
    List<String> out = new ArrayList<>();
    for (Item item : list(field)) {
      out.add(item.str());
    }
    return out;
  }

  /** An object of strings; empty when absent. */
  Map<String, String> stringMap(String field) {
    JsonFields m = objectOrEmpty(field);
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : m.obj.fields().keySet()) {
      out.put(key, m.str(key));
    }
    return out;
  }

  private IllegalArgumentException wrongKind(String field, String expected) {
    return new IllegalArgumentException(
        path(field) + " must be " + expected + ", got a " + obj.get(field).kind());
  }

  /** One item of a list, with its path. */
  record Item(JsonValue value, String where) {
    JsonFields object() {
      return JsonFields.of(value, where);
    }

    String str() {
      if (value instanceof JsonValue.Str s) {
        return s.value();
      }
      throw new IllegalArgumentException(where + " must be a string, got a " + value.kind());
    }
  }
}
