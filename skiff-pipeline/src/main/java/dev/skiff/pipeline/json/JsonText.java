package dev.skiff.pipeline.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads and writes {@link JsonValue} as JSON text. */
public final class JsonText {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonText() {}

  /**
   * Parses exactly one JSON value.
   *
   * @throws IllegalArgumentException with the parser's one-line reason when the text is not JSON
   */
  public static JsonValue parse(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("empty JSON text");
      }
      JsonValue value = read(parser, first);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("unexpected text after the JSON value");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(reason(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The parser's reason in one line, without the source-location noise Jackson appends (e.g. "
   * (start marker at [Source: ...])").
   */
  public static String reason(JsonProcessingException e) {
    String first = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
    int noise = first.indexOf(" (start marker at");
    return noise < 0 ? first : first.substring(0, noise);
  }

  /**
   * Reads the value whose first token is {@code token} from a streaming parser (JSON or YAML).
   * Duplicate object keys keep the last value; callers that must report them track keys themselves.
   */
  static JsonValue read(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> {
        Map<String, JsonValue> fields = new TreeMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          fields.put(name, read(parser, parser.nextToken()));
        }
        yield new JsonValue.Obj(fields);
      }
      case START_ARRAY -> {
        List<JsonValue> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          items.add(read(parser, t));
        }
        yield new JsonValue.Arr(items);
      }
      default -> scalar(parser, token);
    };
  }

  /** Converts the scalar token under the parser to a value. */
  static JsonValue scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> new JsonValue.Str(parser.getText());
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        double d = parser.getDoubleValue();
        if (!Double.isFinite(d)) {
          throw new JsonProcessingException("not a finite number: " + parser.getText()) {};
        }
        yield new JsonValue.Num(d);
      }
      case VALUE_TRUE -> JsonValue.Bool.TRUE;
      case VALUE_FALSE -> JsonValue.Bool.FALSE;
      case VALUE_NULL -> JsonValue.Null.INSTANCE;
      case VALUE_EMBEDDED_OBJECT -> new JsonValue.Str(parser.getText());
      default -> throw new JsonProcessingException("unexpected token " + token) {};
    };
  }

  /** Writes compact JSON. */
  public static String write(JsonValue value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(JsonValue value, StringBuilder out) {
    switch (value) {
      case JsonValue.Null n -> out.append("null");
      case JsonValue.Bool b -> out.append(b.value());
      case JsonValue.Num n -> out.append(jsonNumber(n.value()));
      case JsonValue.Str s -> quote(s.value(), out);
      case JsonValue.Arr a -> {
        out.append('[');
        for (int i = 0; i < a.items().size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(a.items().get(i), out);
        }
        out.append(']');
      }
      case JsonValue.Obj o -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonValue> e : o.fields().entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          quote(e.getKey(), out);
          out.append(':');
          write(e.getValue(), out);
        }
        out.append('}');
      }
    }
  }

  /** Appends a JSON string literal. */
  public static void quote(String s, StringBuilder out) {
    out.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, out);
    out.append('"');
  }

  /**
   * The shortest decimal that reads back as {@code d}, without exponent and without a trailing
   * {@code .0}: Go's {@code strconv.FormatFloat(d, 'f', -1, 64)}, which KFP uses for placeholders.
   */
  public static String plainNumber(double d) {
    if (d == 0) {
      return "0";
    }
    // Double.toString gives the shortest round-tripping digits (JDK 19+); BigDecimal drops the
    // exponent and the trailing zeros.
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }

  /** Like {@link #plainNumber} but with an exponent for very large or small magnitudes. */
  static String jsonNumber(double d) {
    double abs = Math.abs(d);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      return Double.toString(d);
    }
    return plainNumber(d);
  }
}
