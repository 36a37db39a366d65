package dev.skiff.pipeline.placeholder;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The regular expressions of the placeholder syntax. */
final class PlaceholderSyntax {

  /**
   * One {@code {{$...}}} token.
   *
   * @param start where its {@code {{$} starts
   * @param end just after its {@code }}}
   * @param inner the text between {@code $} and {@code }}}
   */
  record Token(int start, int end, String inner) {}

  /**
   * The tokens of {@code text}, left to right: each {@code {{$} with the nearest {@code }}} after it
   * on the same line, as the regular expression {@code \{\{\$(.*?)}}} finds them, but in linear
   * time: that expression rescans to the end of the line from every unclosed {@code {{$}, which is
   * quadratic on a long line of them.
   */
  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int from = 0;
    int close = -2; // the last "}}" found, reused while it lies ahead; -1: none left in the text
    while (from < text.length()) {
      int open = text.indexOf("{{$", from);
      if (open < 0) {
        break;
      }
      int innerStart = open + 3;
      if (close != -1 && close < innerStart) {
        close = text.indexOf("}}", innerStart);
      }
      if (close < 0) {
        break;
      }
      int lineEnd = lineBreak(text, innerStart, close);
      if (lineEnd >= 0) {
        from = lineEnd + 1; // no token opened on this line closes on it
        continue;
      }
      out.add(new Token(open, close + 2, text.substring(innerStart, close)));
      from = close + 2;
    }
    return out;
  }

  /** The first line terminator (as {@code .} does not match it) in [from, to), or -1. */
  private static int lineBreak(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return i;
      }
    }
    return -1;
  }

  private static final String QUOTED = "('[^']*'|\"[^\"]*\")";

  /**
   * {@code .inputs|outputs .parameters|artifacts ['name'] [.attribute] [['key']]}: groups are side,
   * kind, quoted name, attribute, quoted key.
   */
  static final Pattern REFERENCE =
      Pattern.compile(
          "\\.(inputs|outputs)\\.(parameters|artifacts)\\[\\s*"
              + QUOTED
              + "\\s*]"
              + "(?:\\.([a-z_]+))?"
              + "(?:\\[\\s*"
              + QUOTED
              + "\\s*])?");

  /**
   * KFP recognises a JSON structure element by its first key: the driver checks for an IfPresent
   * prefix, the SDK's local runner also for Concat.
   */
  static final Pattern STRUCTURE_PREFIX =
      Pattern.compile("\\s*\\{\\s*\"(Concat|IfPresent)\"\\s*:.*", Pattern.DOTALL);

  private PlaceholderSyntax() {}

  static String unquote(String quoted) {
    return quoted.substring(1, quoted.length() - 1);
  }
}
