package dev.skiff.engine.notebook;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reads a server's log file: a piece from an offset, or its last line. */
final class NotebookLogs {
  /** The most one read returns. */
  static final int MAX_READ = 1 << 20;

  private NotebookLogs() {}

  /**
   * Reads at most {@code maxBytes} from {@code offset}; ends before a cut UTF-8 character so that
   * the next read starts on a whole one.
   */
  static NotebookLog read(Path file, long offset, int maxBytes) {
    int max = Math.max(1, Math.min(maxBytes, MAX_READ));
    if (!Files.isRegularFile(file)) {
      return new NotebookLog("", 0);
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      if (offset >= len) {
        return new NotebookLog("", len);
      }
      int n = (int) Math.min(max, len - offset);
      byte[] b = new byte[n];
      f.seek(offset);
      f.readFully(b);
      int end = n;
      if (offset + n < len) {
        end = wholeCharacters(b, n);
      }
      return new NotebookLog(new String(b, 0, end, StandardCharsets.UTF_8), offset + end);
    } catch (IOException e) {
      return new NotebookLog("", offset);
    }
  }

  /** The length of {@code b[0..n)} without a trailing incomplete UTF-8 sequence. */
  static int wholeCharacters(byte[] b, int n) {
    int i = n - 1;
    int back = 0;
    while (i >= 0 && back < 4 && (b[i] & 0xC0) == 0x80) {
      i--;
      back++;
    }
    if (i < 0) {
      return n;
    }
    int lead = b[i] & 0xFF;
    int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return need > back + 1 ? i : n;
  }

  private static final Pattern TOKEN = Pattern.compile("([?&]token=)[^\\s&#\"']+");

  /** The text with every {@code token=...} in a URL replaced by {@code token=...}. */
  static String redact(String text) {
    return TOKEN.matcher(text).replaceAll("$1...");
  }

  /** The last non-blank line of the log, at most 300 characters; empty when there is none. */
  static String lastLine(Path file) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      long start = Math.max(0, len - 8192);
      byte[] b = new byte[(int) (len - start)];
      f.seek(start);
      f.readFully(b);
      String[] lines = new String(b, StandardCharsets.UTF_8).split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        String l = lines[i].strip();
        if (!l.isEmpty()) {
          return l.length() > 300 ? l.substring(0, 300) + "..." : l;
        }
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }
}
