package dev.skiff.pipeline.placeholder;

import java.util.regex.Pattern;

/** The regular expressions of the placeholder syntax. */
final class PlaceholderSyntax {

  /** One {@code {{$...}}} token; group 1 is what follows {@code $}. */
  static final Pattern TOKEN = Pattern.compile("\\{\\{\\$(.*?)}}");

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
