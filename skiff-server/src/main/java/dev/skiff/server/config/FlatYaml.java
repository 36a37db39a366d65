package dev.skiff.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a small YAML document into dotted keys ({@code server.port}) with the line each value came
 * from, so that a bad value can be reported as {@code skiff.yaml:3: server.port: ...}.
 */
final class FlatYaml {
  /** A scalar value and the 1-based line it was written on. */
  record Entry(String value, int line) {}

  private static final YAMLFactory YAML = new YAMLFactory();

  private FlatYaml() {}

  /** Reads {@code file}; lists are refused everywhere. */
  static Map<String, Entry> read(Path file) {
    return read(file, Set.of());
  }

  /**
   * Reads {@code file}. Lists are allowed under the keys in {@code listsUnder} (and below them):
   * their items get their index as a key ({@code notebooks.environments.0.name}); elsewhere a list
   * is refused naming its key.
   */
  static Map<String, Entry> read(Path file, Set<String> listsUnder) {
    String name = file.getFileName().toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read configuration file: " + e.getMessage());
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    Deque<Frame> open = new ArrayDeque<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return out; // an empty file configures nothing
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ConfigException(name + ":" + line(p) + ": expected a mapping of settings");
      }
      open.push(new Frame("", false));
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> field = p.currentName();
          case START_OBJECT -> open.push(new Frame(child(open.peek(), field), false));
          case START_ARRAY -> {
            String key = child(open.peek(), field);
            if (listsUnder.stream().noneMatch(k -> key.equals(k) || key.startsWith(k + "."))) {
              throw new ConfigException(
                  name + ":" + line(p) + ": " + key + ": lists are not supported here");
            }
            open.push(new Frame(key, true));
          }
          case END_OBJECT, END_ARRAY -> {
            if (!open.isEmpty()) {
              open.pop();
            }
          }
          default -> out.put(child(open.peek(), field), new Entry(scalar(p, t), line(p)));
        }
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new ConfigException(
          name + ":" + line + ": malformed YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigException(name + ": cannot read configuration file: " + e.getMessage());
    }
    return out;
  }

  /** An open mapping or list and its key; a list counts its items. */
  private static final class Frame {
    final String key;
    final boolean list;
    int items;

    Frame(String key, boolean list) {
      this.key = key;
      this.list = list;
    }
  }

  /** The key of the next value in {@code frame}: the field's name, or a list item's index. */
  private static String child(Frame frame, String field) {
    String name = frame.list ? Integer.toString(frame.items++) : field;
    return frame.key.isEmpty() ? name : frame.key + "." + name;
  }

  private static String scalar(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_NULL ? null : p.getText();
  }

  private static int line(JsonParser p) {
    return p.currentTokenLocation().getLineNr();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "syntax error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
