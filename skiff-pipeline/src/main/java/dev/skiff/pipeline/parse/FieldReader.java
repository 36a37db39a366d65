package dev.skiff.pipeline.parse;

import dev.skiff.pipeline.Problem;
import dev.skiff.pipeline.SourceMap;
import dev.skiff.pipeline.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to the fields of a document with problem reporting: each reader method takes the
 * parent object, its path and a field name, and records a {@link Problem} (with the field's line)
 * when the field has the wrong JSON type. Field names are looked up in the proto JSON spelling
 * ({@code executorLabel}) and then in the proto field spelling ({@code executor_label}), both of
 * which protobuf's JSON reader accepts. Unknown fields are ignored so that files from newer SDKs
 * still load.
 */
final class FieldReader {

  private static final Pattern DURATION = Pattern.compile("(-)?(\\d+)(?:\\.(\\d{1,9}))?s");

  private final SourceMap lines;
  private final List<Problem> problems = new ArrayList<>();

  FieldReader(SourceMap lines) {
    this.lines = lines;
  }

  List<Problem> problems() {
    return problems;
  }

  void problem(String path, String message) {
    problems.add(new Problem(path, lines.lineOf(path), message));
  }

  /** {@code path.key}, or {@code key} at the top. */
  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The key under which {@code camel} (or its snake_case twin) is present, if any. */
  static Optional<String> keyOf(JsonValue.Obj parent, String camel) {
    if (parent.fields().containsKey(camel)) {
      return Optional.of(camel);
    }
    String snake = snake(camel);
    return parent.fields().containsKey(snake) ? Optional.of(snake) : Optional.empty();
  }

  /** {@code executorLabel} → {@code executor_label}. */
  static String snake(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A present, non-null field with its path. */
  record Field(String path, JsonValue value) {}

  Optional<Field> field(JsonValue.Obj parent, String path, String name) {
    return keyOf(parent, name)
        .map(k -> new Field(child(path, k), parent.get(k)))
        .filter(f -> !(f.value() instanceof JsonValue.Null));
  }

  boolean has(JsonValue.Obj parent, String name) {
    return keyOf(parent, name).isPresent();
  }

  /** An object field; absent or null gives empty, another type a problem and empty. */
  Optional<Field> object(JsonValue.Obj parent, String path, String name) {
    Optional<Field> f = field(parent, path, name);
    if (f.isPresent() && !(f.get().value() instanceof JsonValue.Obj)) {
      problem(f.get().path(), "expected a mapping, got a " + f.get().value().kind());
      return Optional.empty();
    }
    return f;
  }

  static JsonValue.Obj obj(Field f) {
    return (JsonValue.Obj) f.value();
  }

  /** A string field; empty string when absent or null. */
  String string(JsonValue.Obj parent, String path, String name) {
    Optional<Field> f = field(parent, path, name);
    if (f.isEmpty()) {
      return "";
    }
    if (f.get().value() instanceof JsonValue.Str s) {
      return s.value();
    }
    problem(f.get().path(), "expected a string, got a " + f.get().value().kind());
    return "";
  }

  /** A string field that must be present and non-empty. */
  String requiredString(JsonValue.Obj parent, String path, String name) {
    String value = string(parent, path, name);
    if (value.isEmpty() && problemsAbout(child(path, name)) == 0) {
      problem(child(path, name), name + " is required");
    }
    return value;
  }

  private long problemsAbout(String path) {
    return problems.stream().filter(p -> p.path().equals(path)).count();
  }

  Optional<String> optionalString(JsonValue.Obj parent, String path, String name) {
    String value = string(parent, path, name);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  boolean bool(JsonValue.Obj parent, String path, String name) {
    Optional<Field> f = field(parent, path, name);
    if (f.isEmpty()) {
      return false;
    }
    if (f.get().value() instanceof JsonValue.Bool b) {
      return b.value();
    }
    problem(f.get().path(), "expected true or false, got a " + f.get().value().kind());
    return false;
  }

  /** A number field; protobuf JSON also allows numbers as strings (int64 always is). */
  double number(JsonValue.Obj parent, String path, String name) {
    Optional<Field> f = field(parent, path, name);
    if (f.isEmpty()) {
      return 0;
    }
    switch (f.get().value()) {
      case JsonValue.Num n -> {
        return n.value();
      }
      case JsonValue.Str s -> {
        try {
          double d = Double.parseDouble(s.value().trim());
          if (Double.isFinite(d)) {
            return d;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      default -> {}
    }
    problem(f.get().path(), "expected a number, got " + describe(f.get().value()));
    return 0;
  }

  /** A whole-number field (int32/int64). */
  long integer(JsonValue.Obj parent, String path, String name) {
    double d = number(parent, path, name);
    if (d != Math.rint(d)) {
      problem(child(path, name), "expected a whole number, got " + d);
      return 0;
    }
    return (long) d;
  }

  /** A protobuf {@code Duration} written as {@code "30s"} or {@code "1.5s"}. */
  Optional<Duration> duration(JsonValue.Obj parent, String path, String name) {
    Optional<Field> f = field(parent, path, name);
    if (f.isEmpty()) {
      return Optional.empty();
    }
    if (f.get().value() instanceof JsonValue.Str s) {
      Matcher m = DURATION.matcher(s.value().trim());
      if (m.matches()) {
        String frac = m.group(3) == null ? "" : m.group(3);
        long nanos = frac.isEmpty() ? 0 : Long.parseLong((frac + "000000000").substring(0, 9));
        Duration d = Duration.ofSeconds(Long.parseLong(m.group(2)), nanos);
        return Optional.of(m.group(1) == null ? d : d.negated());
      }
    }
    problem(
        f.get().path(), "expected a duration such as \"30s\", got " + describe(f.get().value()));
    return Optional.empty();
  }

  /** A list of strings; absent gives an empty list. */
  List<String> strings(JsonValue.Obj parent, String path, String name) {
    Optional<Field> f = field(parent, path, name);
    if (f.isEmpty()) {
      return List.of();
    }
    if (!(f.get().value() instanceof JsonValue.Arr a)) {
      problem(f.get().path(), "expected a list, got a " + f.get().value().kind());
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.items().size(); i++) {
      if (a.items().get(i) instanceof JsonValue.Str s) {
        out.add(s.value());
      } else {
        problem(
            f.get().path() + "[" + i + "]", "expected a string, got " + describe(a.items().get(i)));
      }
    }
    return out;
  }

  /** A list of objects; absent gives an empty list. */
  <T> List<T> objects(
      JsonValue.Obj parent, String path, String name, BiFunction<String, JsonValue.Obj, T> read) {
    Optional<Field> f = field(parent, path, name);
    if (f.isEmpty()) {
      return List.of();
    }
    if (!(f.get().value() instanceof JsonValue.Arr a)) {
      problem(f.get().path(), "expected a list, got a " + f.get().value().kind());
      return List.of();
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < a.items().size(); i++) {
      String itemPath = f.get().path() + "[" + i + "]";
      if (a.items().get(i) instanceof JsonValue.Obj o) {
        out.add(read.apply(itemPath, o));
      } else {
        problem(itemPath, "expected a mapping, got " + describe(a.items().get(i)));
      }
    }
    return out;
  }

  /**
   * A map whose values are objects, read entry by entry; {@code read} gets the entry path, key and
   * value. Absent gives an empty map.
   */
  <T> Map<String, T> map(JsonValue.Obj parent, String path, String name, EntryReader<T> read) {
    Map<String, T> out = new LinkedHashMap<>();
    Optional<Field> f = object(parent, path, name);
    if (f.isEmpty()) {
      return out;
    }
    for (Map.Entry<String, JsonValue> e : obj(f.get()).fields().entrySet()) {
      String entryPath = child(f.get().path(), e.getKey());
      if (e.getValue() instanceof JsonValue.Obj o) {
        out.put(e.getKey(), read.read(entryPath, e.getKey(), o));
      } else {
        problem(entryPath, "expected a mapping, got " + describe(e.getValue()));
      }
    }
    return out;
  }

  /** Reads one map entry. */
  @FunctionalInterface
  interface EntryReader<T> {
    T read(String path, String key, JsonValue.Obj value);
  }

  /** {@code a string 'x'} / {@code a number 3} / {@code a list}, for messages. */
  static String describe(JsonValue value) {
    return switch (value) {
      case JsonValue.Str s -> "'" + s.value() + "'";
      case JsonValue.Num n -> "the number " + n.toJson();
      case JsonValue.Bool b -> b.toJson();
      default -> "a " + value.kind();
    };
  }
}
