package dev.skiff.kubernetes.launcher;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX {@code sh} quoting: every word in single quotes, so nothing in it is interpreted. */
final class ShellQuoting {
  private ShellQuoting() {}

  /** {@code 'text'}, each {@code '} written as {@code '\''}. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /** The words quoted and joined by spaces. */
  static String join(List<String> words) {
    return words.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }
}
