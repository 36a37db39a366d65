package dev.skiff.server.web.runs;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of a CSV file as rows of cells (RFC 4180: fields in double quotes may hold commas,
 * newlines and doubled quotes; CRLF or LF line ends), read up to a number of rows so that a large
 * dataset is never read whole.
 *
 * @param rows the rows read, the header first when the file has one
 * @param truncated whether the file has more rows than were read
 */
public record CsvTable(List<List<String>> rows, boolean truncated) {
  /** Copies the rows. */
  public CsvTable {
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** The widest row's number of cells. */
  public int columns() {
    return rows.stream().mapToInt(List::size).max().orElse(0);
  }

  /**
   * Reads up to {@code maxRows} rows (and no more than {@code maxChars} characters).
   *
   * @param separator {@code ','} for CSV, {@code '\t'} for TSV
   */
  public static CsvTable read(Reader in, char separator, int maxRows, long maxChars)
      throws IOException {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    boolean rowStarted = false;
    long read = 0;
    int c;
    while ((c = in.read()) != -1) {
      if (++read > maxChars) {
        return new CsvTable(rows, true);
      }
      char ch = (char) c;
      if (quoted) {
        if (ch == '"') {
          quoted = false;
          afterQuote = true;
        } else {
          cell.append(ch);
        }
        continue;
      }
      if (ch == '"') {
        if (afterQuote) {
          cell.append('"'); // a doubled quote inside a quoted field
          afterQuote = false;
          quoted = true;
        } else if (cell.isEmpty()) {
          quoted = true;
        } else {
          cell.append(ch); // a stray quote in an unquoted field is kept as it is
        }
        rowStarted = true;
        continue;
      }
      afterQuote = false;
      if (ch == separator) {
        row.add(cell.toString());
        cell.setLength(0);
        rowStarted = true;
      } else if (ch == '\n' || ch == '\r') {
        if (rowStarted || !cell.isEmpty()) {
          row.add(cell.toString());
          cell.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          rowStarted = false;
          if (rows.size() == maxRows) {
            return new CsvTable(rows, hasMore(in));
          }
        }
      } else {
        cell.append(ch);
        rowStarted = true;
      }
    }
    if (rowStarted || !cell.isEmpty() || quoted) {
      row.add(cell.toString());
      rows.add(row);
    }
    return new CsvTable(rows, false);
  }

  /** Whether anything but line ends is left. */
  private static boolean hasMore(Reader in) throws IOException {
    int c;
    while ((c = in.read()) != -1) {
      if (c != '\n' && c != '\r') {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a text looks like a table: at least two rows, and the first rows have the same number
   * of cells, more than one.
   */
  public boolean looksTabular() {
    if (rows.size() < 2 || rows.getFirst().size() < 2) {
      return false;
    }
    int n = rows.getFirst().size();
    int check = Math.min(rows.size() - (truncated ? 1 : 0), 5);
    for (int i = 1; i < check; i++) {
      if (rows.get(i).size() != n) {
        return false;
      }
    }
    return true;
  }
}
