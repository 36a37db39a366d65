package dev.skiff.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints rows as an aligned Markdown table (pasteable into an issue note). */
final class Table {
  private static final String[] HEADER = {
    "bench", "what", "baseline", "platform", "R", "anchor", "gate", "result"
  };
  private final List<Row> rows = new ArrayList<>();

  void add(Row row) {
    rows.add(row);
  }

  boolean allPass() {
    return rows.stream().allMatch(r -> r.pass() == null || r.pass());
  }

  void print(PrintStream out) {
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Row r : rows) {
      cells.add(
          new String[] {
            r.id(),
            r.what(),
            r.baseline(),
            r.platform(),
            r.ratio(),
            r.anchor(),
            r.gate(),
            r.verdict()
          });
    }
    int[] width = new int[HEADER.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    for (int n = 0; n < cells.size(); n++) {
      StringBuilder b = new StringBuilder("|");
      for (int i = 0; i < width.length; i++) {
        b.append(' ').append(pad(cells.get(n)[i], width[i])).append(" |");
      }
      out.println(b);
      if (n == 0) {
        StringBuilder sep = new StringBuilder("|");
        for (int w : width) {
          sep.append('-').append("-".repeat(w)).append("-|");
        }
        out.println(sep);
      }
    }
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }
}
