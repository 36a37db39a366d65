package dev.skiff.deploy.values;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A values file read into dotted keys ({@code auth.mode}) with the line each value was written on,
 * so that every error can name {@code values.yaml:12: auth.mode}. A list (allowed only for the keys
 * that {@link ValueKeys} marks as lists) becomes its items joined with commas.
 */
final class ValuesFile {
  /** A scalar value and the 1-based line it was written on. */
  record Entry(String value, int line) {}

  private static final YAMLFactory YAML = new YAMLFactory();

  private final String name;
  private final Map<String, Entry> entries;

  private ValuesFile(String name, Map<String, Entry> entries) {
    this.name = name;
    this.entries = entries;
  }

  /** The file name errors start with. */
  String name() {
    return name;
  }

  /** The entry for {@code key}, or null when the file does not set it. */
  Entry get(String key) {
    return entries.get(key);
  }

  /** Parses {@code text}; refuses unknown keys and misplaced lists with file:line. */
  static ValuesFile parse(String name, String text) {
    Map<String, Entry> out = new LinkedHashMap<>();
    Deque<String> path = new ArrayDeque<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new ValuesFile(name, out);
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ValuesException(name + ":" + line(p) + ": expected a mapping of values");
      }
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> {
            field = p.currentName();
            String key = join(path, field);
            if (!ValueKeys.isKnownOrPrefix(key)) {
              throw new ValuesException(
                  name
                      + ":"
                      + line(p)
                      + ": unknown key '"
                      + key
                      + "' (see skiff render --help"
                      + " and the README's values table)");
            }
          }
          case START_OBJECT -> {
            String key = join(path, field);
            if (ValueKeys.find(key).isPresent()) {
              throw new ValuesException(
                  name + ":" + line(p) + ": " + key + ": expected a value, not a mapping");
            }
            path.addLast(field);
          }
          case END_OBJECT -> {
            if (path.pollLast() == null && p.nextToken() != null) {
              throw new ValuesException(
                  name + ":" + line(p) + ": one YAML document expected, found another");
            }
          }
          case START_ARRAY -> {
            String key = join(path, field);
            int line = line(p);
            if (!ValueKeys.find(key).map(ValueKeys.Key::list).orElse(false)) {
              throw new ValuesException(
                  name + ":" + line + ": " + key + ": expected a single value, not a list");
            }
            put(out, name, key, new Entry(String.join(",", items(p, name, key)), line));
          }
          default -> {
            String key = join(path, field);
            if (ValueKeys.find(key).isEmpty()) {
              throw new ValuesException(
                  name + ":" + line(p) + ": " + key + ": expected a mapping of values");
            }
            put(out, name, key, new Entry(t == JsonToken.VALUE_NULL ? null : p.getText(), line(p)));
          }
        }
      }
    } catch (JsonProcessingException e) {
      throw new ValuesException(
          name
              + ":"
              + e.getLocation().getLineNr()
              + ": not valid YAML: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new ValuesException(name + ": cannot read: " + e.getMessage());
    }
    return new ValuesFile(name, out);
  }

  private static void put(Map<String, Entry> out, String name, String key, Entry e) {
    Entry before = out.putIfAbsent(key, e);
    if (before != null) {
      throw new ValuesException(
          name + ":" + e.line() + ": " + key + ": set twice (first on line " + before.line() + ")");
    }
  }

  private static List<String> items(JsonParser p, String name, String key) throws IOException {
    List<String> items = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (!t.isScalarValue()) {
        throw new ValuesException(
            name + ":" + line(p) + ": " + key + ": list items must be plain values");
      }
      items.add(p.getText().strip());
    }
    return items;
  }

  private static String join(Deque<String> path, String field) {
    return path.isEmpty() ? field : String.join(".", path) + "." + field;
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }
}
