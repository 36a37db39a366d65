package dev.skiff.pipeline.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.skiff.pipeline.Problem;
import dev.skiff.pipeline.SourceMap;
import dev.skiff.pipeline.json.JsonText;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads YAML (all documents) or JSON text into {@link JsonValue} trees while recording the line of
 * every field and list element, so that later problems can point at the offending line.
 */
final class LocatedTreeReader {

  /**
   * Jackson refuses strings over 20 M characters and SnakeYAML documents over 3 MB by default;
   * compiled pipelines embed component source code and large defaults, and the caller bounds the
   * size of the whole text ({@link dev.skiff.pipeline.ParseLimits}), so neither limit applies here.
   * Nesting stays bounded (Jackson's default, 1,000 levels), which keeps the recursive reading
   * below safe for the stack.
   */
  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.defaults().rebuild().maxStringLength(Integer.MAX_VALUE).build();

  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();

  private static final YAMLFactory YAML = yamlFactory();

  /** One document with its field lines; {@code value} is never {@link JsonValue.Null}. */
  record Document(JsonValue value, SourceMap lines) {}

  /** The documents of a file, or the syntax problems that stopped the read. */
  record Result(List<Document> documents, List<Problem> problems) {}

  private final List<Problem> problems = new ArrayList<>();

  private LocatedTreeReader() {}

  /**
   * Reads every non-empty document of {@code text}. Text whose first non-blank character is <code>{
   * </code> or <code>[</code> is read as JSON, anything else as YAML.
   */
  static Result read(String text) {
    return new LocatedTreeReader().readAll(text);
  }

  private Result readAll(String text) {
    List<Document> documents = new ArrayList<>();
    String trimmed = text.stripLeading();
    boolean json = trimmed.startsWith("{") || trimmed.startsWith("[");
    try (JsonParser parser = json ? JSON.createParser(text) : YAML.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Map<String, Integer> lines = new HashMap<>();
        JsonValue value = readValue(parser, token, "", lines);
        if (!(value instanceof JsonValue.Null)) {
          documents.add(new Document(value, new SourceMap(lines)));
        }
      }
    } catch (JsonProcessingException e) {
      problems.add(syntaxProblem(e, json));
    } catch (ReaderException e) {
      problems.add(
          new Problem(
              "",
              lineAt(text, e.getPosition()),
              "malformed YAML: character "
                  + String.format("U+%04X", e.getCodePoint())
                  + " is not allowed (YAML allows no control characters except tab and line"
                  + " breaks)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Result(documents, problems);
  }

  private JsonValue readValue(
      JsonParser parser, JsonToken token, String path, Map<String, Integer> lines)
      throws IOException {
    lines.putIfAbsent(path, line(parser));
    return switch (token) {
      case START_OBJECT -> {
        Map<String, JsonValue> fields = new TreeMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          String child = path.isEmpty() ? name : path + "." + name;
          int line = line(parser);
          if (fields.containsKey(name)) {
            problems.add(new Problem(child, line, "duplicate key '" + name + "'"));
          }
          lines.put(child, line);
          fields.put(name, readValue(parser, parser.nextToken(), child, lines));
        }
        yield new JsonValue.Obj(fields);
      }
      case START_ARRAY -> {
        List<JsonValue> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          items.add(readValue(parser, t, path + "[" + items.size() + "]", lines));
        }
        yield new JsonValue.Arr(items);
      }
      case VALUE_STRING -> new JsonValue.Str(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        double d = parser.getDoubleValue();
        if (!Double.isFinite(d)) {
          problems.add(new Problem(path, line(parser), "not a finite number: " + parser.getText()));
          yield JsonValue.Null.INSTANCE;
        }
        yield new JsonValue.Num(d);
      }
      case VALUE_TRUE -> JsonValue.Bool.TRUE;
      case VALUE_FALSE -> JsonValue.Bool.FALSE;
      case VALUE_NULL -> JsonValue.Null.INSTANCE;
      // YAML binary (!!binary) and other tagged scalars: keep the text.
      default -> new JsonValue.Str(parser.getText());
    };
  }

  private static YAMLFactory yamlFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    // Set explicitly: an empty document or `key:` with no value must read as null, not "" or {}.
    YAMLFactoryBuilder builder =
        YAMLFactory.builder()
            .loaderOptions(options)
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .disable(YAMLParser.Feature.EMPTY_DOCUMENT_AS_EMPTY_OBJECT);
    builder.streamReadConstraints(CONSTRAINTS);
    return new WholeTextYamlFactory(builder);
  }

  /** The 1-based line of the code point at {@code codePointIndex}. */
  private static int lineAt(String text, int codePointIndex) {
    int end =
        text.offsetByCodePoints(0, Math.min(codePointIndex, text.codePointCount(0, text.length())));
    int line = 1;
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int line(JsonParser parser) {
    return parser.currentTokenLocation().getLineNr();
  }

  private static Problem syntaxProblem(JsonProcessingException e, boolean json) {
    if (e.getCause() instanceof MarkedYAMLException y) {
      Mark mark = y.getContextMark() != null ? y.getContextMark() : y.getProblemMark();
      String what =
          y.getContext() == null ? y.getProblem() : y.getContext() + ": " + y.getProblem();
      return new Problem("", mark == null ? 0 : mark.getLine() + 1, "malformed YAML: " + what);
    }
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    String reason = JsonText.reason(e);
    return new Problem(
        "", Math.max(line, 0), (json ? "malformed JSON: " : "malformed YAML: ") + reason);
  }
}
