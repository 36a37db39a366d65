package dev.skiff.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements: {@code ;} ends a statement unless it is inside a quoted
 * string or identifier, or a {@code --} comment (which is dropped). Enough for the portable DDL and
 * DML Skiff's migrations hold; no procedural blocks.
 */
final class SqlScript {
  private SqlScript() {}

  /** The statements, trimmed, without their terminating {@code ;}; empty ones are left out. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = script.length();
    for (int i = 0; i < n; i++) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        while (i < n && script.charAt(i) != '\n') {
          i++;
        }
        current.append('\n');
      } else if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < n) {
          if (script.charAt(end) == c) {
            if (end + 1 < n && script.charAt(end + 1) == c) {
              end += 2; // a doubled quote stands for one
              continue;
            }
            break;
          }
          end++;
        }
        current.append(script, i, Math.min(end + 1, n));
        i = end;
      } else if (c == ';') {
        add(out, current);
      } else {
        current.append(c);
      }
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder statement) {
    String s = statement.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    statement.setLength(0);
  }
}
