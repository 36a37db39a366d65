package dev.skiff.engine.executor.local.python;

import java.util.ArrayList;
import java.util.List;

/** Splits text into words as {@code sh} would (quotes and backslashes; no expansions). */
final class ShellWords {
  private ShellWords() {}

  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        end = end < 0 ? text.length() : end;
        word.append(text, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < text.length() && text.charAt(j) != '"'; j++) {
          char d = text.charAt(j);
          if (d == '\\' && j + 1 < text.length() && "\"\\$`".indexOf(text.charAt(j + 1)) >= 0) {
            d = text.charAt(++j);
          }
          word.append(d);
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(++i);
        if (next != '\n') {
          word.append(next);
          inWord = true;
        }
      } else if (Character.isWhitespace(c) || c == ';') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
