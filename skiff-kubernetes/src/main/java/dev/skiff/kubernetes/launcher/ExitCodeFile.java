package dev.skiff.kubernetes.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@link RunScript} leaves: the exit code, the run time and stderr's last line. */
final class ExitCodeFile {
  private static final Pattern CODE = Pattern.compile("(\\d{1,3})\\n");
  private static final int TAIL_BYTES = 64 * 1024;
  private static final int MAX_LINE = 300;

  private ExitCodeFile() {}

  /** The exit code, once the file holds a complete line; empty while it does not. */
  static Optional<Integer> read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    Matcher m = CODE.matcher(text);
    return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  /**
   * Waits for the exit code, polling every {@code every}. It waits as long as the pod lives: a
   * container that is killed before run.sh records a code is the executor's to see in the pod's
   * status.
   */
  static int await(Path file, Duration every) throws IOException, InterruptedException {
    while (true) {
      Optional<Integer> code = read(file);
      if (code.isPresent()) {
        return code.get();
      }
      Thread.sleep(every);
    }
  }

  /**
   * Milliseconds from {@code started} to {@code ended} (their modification times), 0 if unknown.
   */
  static long millis(Path started, Path ended) {
    try {
      FileTime from = Files.getLastModifiedTime(started);
      FileTime to = Files.getLastModifiedTime(ended);
      return Math.max(0, to.toMillis() - from.toMillis());
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last non-blank line of a file (read from its last 64 KiB), at most 300 characters. */
  static Optional<String> lastLine(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, f.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(bytes);
      String[] lines = new String(bytes, StandardCharsets.UTF_8).split("[\\r\\n]+");
      for (int i = lines.length - 1; i >= 0; i--) {
        String line = lines[i].strip();
        if (!line.isEmpty()) {
          return Optional.of(
              line.length() > MAX_LINE ? line.substring(0, MAX_LINE - 3) + "..." : line);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
