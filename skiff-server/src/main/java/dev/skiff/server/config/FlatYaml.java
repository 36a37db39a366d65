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

/**
 * Reads a small YAML document into dotted keys ({@code server.port}) with the line each value came
 * from, so that a bad value can be reported as {@code skiff.yaml:3: server.port: ...}.
 */
final class FlatYaml {
  /** A scalar value and the 1-based line it was written on. */
  record Entry(String value, int line) {}

  private static final YAMLFactory YAML = new YAMLFactory();

  private FlatYaml() {}

  static Map<String, Entry> read(Path file) {
    String name = file.getFileName().toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read configuration file: " + e.getMessage());
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    Deque<String> path = new ArrayDeque<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return out; // an empty file configures nothing
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ConfigException(name + ":" + line(p) + ": expected a mapping of settings");
      }
      String field = null;
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case FIELD_NAME -> field = p.currentName();
          case START_OBJECT -> {
            path.addLast(field);
            field = null;
          }
          case END_OBJECT -> {
            if (!path.isEmpty()) {
              path.removeLast();
            }
          }
          case START_ARRAY ->
              throw new ConfigException(
                  name
                      + ":"
                      + line(p)
                      + ": "
                      + key(path, field)
                      + ": lists are not supported here");
          default -> out.put(key(path, field), new Entry(scalar(p, t), line(p)));
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

  private static String scalar(JsonParser p, JsonToken t) throws IOException {
    return t == JsonToken.VALUE_NULL ? null : p.getText();
  }

  private static String key(Deque<String> path, String field) {
    StringBuilder b = new StringBuilder();
    for (String s : path) {
      b.append(s).append('.');
    }
    return b.append(field).toString();
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
