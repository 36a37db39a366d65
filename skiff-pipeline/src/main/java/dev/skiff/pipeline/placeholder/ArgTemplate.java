package dev.skiff.pipeline.placeholder;

import dev.skiff.pipeline.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One element of a container's {@code command} or {@code args}: plain text with placeholders, or a
 * JSON-encoded {@code Concat} / {@code IfPresent} structure (which the SDK writes as a string such
 * as {@code {"IfPresent": {"InputName": "x", "Then": ["--x", "{{$.inputs.parameters['x']}}"]}}}).
 */
public sealed interface ArgTemplate {

  /** Text that may hold {@code {{$...}}} placeholders; expands to exactly one argument. */
  record Text(String template) implements ArgTemplate {}

  /** {@code {"Concat": [...]}}: the items' expansions joined into one argument. */
  record Concat(List<ArgTemplate> items) implements ArgTemplate {
    /** Copies the items. */
    public Concat {
      items = List.copyOf(items);
    }
  }

  /**
   * {@code {"IfPresent": {"InputName": n, "Then": ..., "Else": ...}}}: the {@code then} items when
   * input {@code n} has a value, else the {@code otherwise} items; each item may expand to several
   * arguments, so the whole expands to zero or more.
   */
  record IfPresent(String inputName, List<ArgTemplate> then, List<ArgTemplate> otherwise)
      implements ArgTemplate {
    /** Copies the lists. */
    public IfPresent {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /**
   * Parses one command/args element.
   *
   * @throws PlaceholderException when the element starts like a structure but is not a valid one
   */
  static ArgTemplate parse(String element) {
    if (!PlaceholderSyntax.STRUCTURE_PREFIX.matcher(element).matches()) {
      return new Text(element);
    }
    JsonValue json;
    try {
      json = JsonValue.parse(element);
    } catch (IllegalArgumentException e) {
      throw new PlaceholderException("malformed placeholder structure: " + e.getMessage());
    }
    return fromJson(json);
  }

  private static ArgTemplate fromJson(JsonValue json) {
    return switch (json) {
      case JsonValue.Str s -> new Text(s.value());
      case JsonValue.Obj o
          when o.fields().size() == 1 && o.get("Concat") instanceof JsonValue.Arr a ->
          new Concat(items(a.items()));
      case JsonValue.Obj o
          when o.fields().size() == 1 && o.get("IfPresent") instanceof JsonValue.Obj p ->
          ifPresent(p);
      default ->
          throw new PlaceholderException(
              "expected a string, {\"Concat\": [...]} or {\"IfPresent\": {...}}, got "
                  + json.toJson());
    };
  }

  private static IfPresent ifPresent(JsonValue.Obj p) {
    if (!(p.get("InputName") instanceof JsonValue.Str name) || name.value().isEmpty()) {
      throw new PlaceholderException("IfPresent needs an InputName string");
    }
    for (String key : p.fields().keySet()) {
      if (!List.of("InputName", "Then", "Else").contains(key)) {
        throw new PlaceholderException("IfPresent has an unknown key '" + key + "'");
      }
    }
    return new IfPresent(name.value(), branch(p.fields(), "Then"), branch(p.fields(), "Else"));
  }

  private static List<ArgTemplate> branch(Map<String, JsonValue> fields, String key) {
    JsonValue v = fields.get(key);
    if (v == null || v instanceof JsonValue.Null) {
      return List.of();
    }
    return v instanceof JsonValue.Arr a ? items(a.items()) : List.of(fromJson(v));
  }

  private static List<ArgTemplate> items(List<JsonValue> values) {
    List<ArgTemplate> out = new ArrayList<>();
    values.forEach(v -> out.add(fromJson(v)));
    return out;
  }

  /** Every placeholder in this element, including inside structures. */
  default List<Placeholder> placeholders() {
    List<Placeholder> out = new ArrayList<>();
    switch (this) {
      case Text t -> Placeholder.scan(t.template()).forEach(o -> out.add(o.placeholder()));
      case Concat c -> c.items().forEach(i -> out.addAll(i.placeholders()));
      case IfPresent p -> {
        p.then().forEach(i -> out.addAll(i.placeholders()));
        p.otherwise().forEach(i -> out.addAll(i.placeholders()));
      }
    }
    return out;
  }

  /** The input names tested by {@code IfPresent} in this element, including nested ones. */
  default List<String> presenceTests() {
    List<String> out = new ArrayList<>();
    switch (this) {
      case Text t -> {}
      case Concat c -> c.items().forEach(i -> out.addAll(i.presenceTests()));
      case IfPresent p -> {
        out.add(p.inputName());
        p.then().forEach(i -> out.addAll(i.presenceTests()));
        p.otherwise().forEach(i -> out.addAll(i.presenceTests()));
      }
    }
    return out;
  }
}
