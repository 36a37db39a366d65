package dev.skiff.engine.cache;

import dev.skiff.pipeline.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link JsonValue} byte for byte as Go's {@code json.Marshal} writes the same value
 * decoded into an {@code interface{}}: object keys sorted by their UTF-8 bytes, no spaces, numbers
 * as {@code float64} ({@code 'f'} format, or {@code 'e'} below 1e-6 and from 1e21), and strings
 * with Go's escapes (HTML characters {@code < > &} and U+2028/U+2029 as {@code \}{@code u....},
 * invalid UTF-16 as U+FFFD). KFP hashes that text, so equal keys give KFP's own fingerprints.
 */
final class GoJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /** The text Go would write. */
  static String write(JsonValue value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(JsonValue value, StringBuilder out) {
    switch (value) {
      case JsonValue.Null n -> out.append("null");
      case JsonValue.Bool b -> out.append(b.value());
      case JsonValue.Num n -> out.append(number(n.value()));
      case JsonValue.Str s -> string(s.value(), out);
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
        List<Map.Entry<String, JsonValue>> fields = new ArrayList<>(o.fields().entrySet());
        fields.sort((x, y) -> compareUtf8(x.getKey(), y.getKey()));
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(fields.get(i).getKey(), out);
          out.append(':');
          write(fields.get(i).getValue(), out);
        }
        out.append('}');
      }
    }
  }

  /** Go's {@code sort.Strings} order: by UTF-8 bytes (differs from UTF-16 order above U+D7FF). */
  static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** Go's {@code floatEncoder} for 64-bit floats. */
  static String number(double d) {
    if (d == 0) {
      return Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
    }
    // Double.toString gives the shortest digits that read back as d (JDK 19+), as Go's -1
    // precision does.
    BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    double abs = Math.abs(d);
    if (abs >= 1e-6 && abs < 1e21) {
      return exact.toPlainString();
    }
    String digits = exact.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - exact.scale();
    StringBuilder out = new StringBuilder();
    if (d < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    // Go writes at least two exponent digits and json then drops the 0 of e-0X; positive exponents
    // here are at least 21, so the plain number is what Go prints either way.
    return out.append(Math.abs(exponent)).toString();
  }

  /** Go's {@code encoding/json} string encoder with HTML escaping on. */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(c, out);
        default -> {
          if (c < 0x20) {
            unicode(c, out);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicode(char c, StringBuilder out) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
