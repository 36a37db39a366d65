package dev.skiff.engine.executor.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each step's process carries its attempt's folder in {@value #VARIABLE}, which every process it
 * starts inherits. An engine killed after spawning a step and before writing its handle file leaves
 * no other trace of the process; the next engine finds it by this tag (Linux: {@code
 * /proc/PID/environ} of the user's processes) and stops it instead of leaving it running beside the
 * attempt's re-run. Where there is no {@code /proc}, nothing is found.
 *
 * <p>A scan reads every process's environment once, so a recovery that reclaims many attempts
 * shares one scan taken within {@link #FRESH_MILLIS}: a process tagged by a dead engine cannot
 * appear after it.
 */
final class AttemptTags {

  /** The environment variable naming the attempt's folder. */
  static final String VARIABLE = "SKIFF_ATTEMPT";

  /** How long one scan serves the lookups of a recovery. */
  static final long FRESH_MILLIS = 2_000;

  private static final Path PROC = Path.of("/proc");

  private Map<String, List<ProcessHandle>> scan;
  private long scannedAt;

  /** The tag of the attempt whose folder this is. */
  static String of(Path attemptDir) {
    return attemptDir.toAbsolutePath().normalize().toString();
  }

  /** The live processes tagged with this attempt: the step's and all it started. */
  synchronized List<ProcessHandle> processes(String tag) {
    long now = System.currentTimeMillis();
    if (scan == null || now - scannedAt > FRESH_MILLIS) {
      scan = scan();
      scannedAt = now;
    }
    return scan.getOrDefault(tag, List.of()).stream().filter(ProcessHandle::isAlive).toList();
  }

  private Map<String, List<ProcessHandle>> scan() {
    Map<String, List<ProcessHandle>> byTag = new HashMap<>();
    if (!Files.isDirectory(PROC)) {
      return byTag;
    }
    byte[] prefix = (VARIABLE + "=").getBytes(StandardCharsets.UTF_8);
    try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path p : all) {
        byte[] env;
        try {
          env = Files.readAllBytes(p.resolve("environ"));
        } catch (IOException | SecurityException e) {
          continue; // another user's process, or gone
        }
        String tag = valueOf(env, prefix);
        if (tag != null) {
          ProcessHandle.of(Long.parseLong(p.getFileName().toString()))
              .ifPresent(h -> byTag.computeIfAbsent(tag, k -> new ArrayList<>()).add(h));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return byTag;
    }
    return byTag;
  }

  /** The value of the NUL-separated entry that starts with {@code prefix}, or null. */
  private static String valueOf(byte[] env, byte[] prefix) {
    int start = 0;
    while (start < env.length) {
      int end = start;
      while (end < env.length && env[end] != 0) {
        end++;
      }
      if (end - start >= prefix.length && startsWith(env, start, prefix)) {
        int from = start + prefix.length;
        return new String(env, from, end - from, StandardCharsets.UTF_8);
      }
      start = end + 1;
    }
    return null;
  }

  private static boolean startsWith(byte[] env, int at, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (env[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
