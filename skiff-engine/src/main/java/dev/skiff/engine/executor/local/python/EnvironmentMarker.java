package dev.skiff.engine.executor.local.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A PEP 508 environment marker ({@code python_version < "3.9" and sys_platform == "linux"}),
 * evaluated against one interpreter's marker environment, as pip does before installing a
 * requirement. Versions compare by their numeric release parts ({@code 3.10 > 3.9}); other values
 * as strings; {@code in} / {@code not in} test substrings.
 */
final class EnvironmentMarker {
  /** Thrown for a marker that does not parse. */
  static final class MarkerException extends Exception {
    MarkerException(String message) {
      super(message);
    }
  }

  private final List<String> tokens;
  private final Map<String, String> env;
  private int at;

  private EnvironmentMarker(List<String> tokens, Map<String, String> env) {
    this.tokens = tokens;
    this.env = env;
  }

  /**
   * Whether the marker holds.
   *
   * @param env the interpreter's values ({@code python_version}, {@code sys_platform}, ...); a
   *     variable it lacks is the empty string
   * @throws MarkerException when the marker is malformed
   */
  static boolean evaluate(String marker, Map<String, String> env) throws MarkerException {
    EnvironmentMarker m = new EnvironmentMarker(tokenize(marker), env);
    boolean result = m.or();
    if (m.at != m.tokens.size()) {
      throw new MarkerException("unexpected '" + m.tokens.get(m.at) + "' in marker: " + marker);
    }
    return result;
  }

  private boolean or() throws MarkerException {
    boolean value = and();
    while (peek("or")) {
      at++;
      value |= and();
    }
    return value;
  }

  private boolean and() throws MarkerException {
    boolean value = atom();
    while (peek("and")) {
      at++;
      value &= atom();
    }
    return value;
  }

  private boolean atom() throws MarkerException {
    if (peek("(")) {
      at++;
      boolean value = or();
      expect(")");
      return value;
    }
    String left = operand();
    String op = next();
    if (op.equals("not")) {
      expect("in");
      op = "not in";
    }
    String right = operand();
    return compare(left, op, right);
  }

  private String operand() throws MarkerException {
    String t = next();
    if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'')) {
      return t.substring(1, t.length() - 1);
    }
    if (!t.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      throw new MarkerException("expected a variable or a quoted string, got '" + t + "'");
    }
    return env.getOrDefault(t, "");
  }

  private static boolean compare(String left, String op, String right) throws MarkerException {
    switch (op) {
      case "in":
        return right.contains(left);
      case "not in":
        return !right.contains(left);
      case "===":
        return left.equals(right);
      default:
        break;
    }
    int c;
    if (isVersion(left) && isVersion(right)) {
      c = compareVersions(left, right);
    } else if (op.equals("==") || op.equals("!=")) {
      c = left.equals(right) ? 0 : 1;
    } else {
      c = left.compareTo(right);
    }
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      // ~= 3.9: >= 3.9 and the same release prefix minus the last part (3.*)
      case "~=" -> c >= 0 && compatible(left, right);
      default -> throw new MarkerException("unknown operator '" + op + "'");
    };
  }

  private static boolean isVersion(String s) {
    return s.matches("\\d+(\\.\\d+)*([.+-]?[A-Za-z0-9.]*)?");
  }

  private static int[] release(String v) {
    String[] parts = v.split("[^0-9.]", 2)[0].split("\\.");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = parts[i].isEmpty() ? 0 : Integer.parseInt(parts[i]);
    }
    return out;
  }

  private static int compareVersions(String a, String b) {
    int[] x = release(a);
    int[] y = release(b);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static boolean compatible(String version, String spec) {
    int[] v = release(version);
    int[] s = release(spec);
    for (int i = 0; i < s.length - 1; i++) {
      if (i >= v.length || v[i] != s[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean peek(String t) {
    return at < tokens.size() && tokens.get(at).equals(t);
  }

  private String next() throws MarkerException {
    if (at >= tokens.size()) {
      throw new MarkerException("the marker ends too early");
    }
    return tokens.get(at++);
  }

  private void expect(String t) throws MarkerException {
    if (!peek(t)) {
      throw new MarkerException("expected '" + t + "'");
    }
    at++;
  }

  private static List<String> tokenize(String s) throws MarkerException {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '"' || c == '\'') {
        int end = s.indexOf(c, i + 1);
        if (end < 0) {
          throw new MarkerException("unterminated string in marker: " + s);
        }
        out.add(s.substring(i, end + 1));
        i = end + 1;
      } else if ("<>=!~".indexOf(c) >= 0) {
        int j = i;
        while (j < s.length() && "<>=!~".indexOf(s.charAt(j)) >= 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      } else {
        int j = i;
        while (j < s.length()
            && !Character.isWhitespace(s.charAt(j))
            && "()<>=!~\"'".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
