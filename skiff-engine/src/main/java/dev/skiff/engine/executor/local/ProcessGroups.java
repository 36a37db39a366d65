package dev.skiff.engine.executor.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Signals whole process groups. Java has no {@code kill(-pgid, sig)}, so on Linux the members of a
 * group are found in {@code /proc/<pid>/stat} and signalled one by one through {@link
 * ProcessHandle} (which checks each process's start time, so a reused pid is not hit); the scan is
 * repeated until the group is empty, which also catches processes forked meanwhile. Elsewhere it
 * falls back to running {@code kill -s SIG -- -PGID}.
 */
public final class ProcessGroups {

  private static final Path PROC = Path.of("/proc");
  private static final boolean HAS_PROC = Files.isRegularFile(Path.of("/proc/self/stat"));
  private static final long SELF = ProcessHandle.current().pid();

  private ProcessGroups() {}

  /** The live (not zombie) processes whose process group is {@code pgid}. Linux only. */
  public static List<Long> members(long pgid) {
    return scan(Set.of(pgid));
  }

  /**
   * Sends SIGTERM ({@code force} false) or SIGKILL to every process of the group.
   *
   * @return how many processes were signalled (-1 when it fell back to {@code kill})
   */
  public static int signal(long pgid, boolean force) {
    return signalAll(Set.of(pgid), force);
  }

  /**
   * Ends a group as a container runtime would: SIGTERM to all, then SIGKILL to whatever is left
   * after {@code grace}. Blocks until the group is empty or a few seconds after the SIGKILL.
   *
   * @param pgid the group (the pid of its leader, for a group made with {@code setsid})
   * @param grace how long the processes get to exit after SIGTERM
   */
  public static void terminate(long pgid, Duration grace) {
    if (pgid <= 1 || pgid == SELF) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    signal(pgid, false);
    if (waitEmpty(pgid, grace)) {
      return;
    }
    for (int i = 0; i < 3; i++) {
      signal(pgid, true);
      if (waitEmpty(pgid, Duration.ofSeconds(1))) {
        return;
      }
    }
  }

  /** Sends one signal to every member of these groups, with one scan of {@code /proc}. */
  static int signalAll(Set<Long> pgids, boolean force) {
    if (!HAS_PROC) {
      for (long pgid : pgids) {
        kill(pgid, force);
      }
      return -1;
    }
    int signalled = 0;
    for (long pid : scan(pgids)) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent() && (force ? h.get().destroyForcibly() : h.get().destroy())) {
        signalled++;
      }
    }
    return signalled;
  }

  /** Whether the group emptied within {@code timeout}. */
  private static boolean waitEmpty(long pgid, Duration timeout) {
    if (!HAS_PROC) {
      sleep(Math.min(timeout.toMillis(), 200));
      return false;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 5;
    while (true) {
      if (members(pgid).isEmpty()) {
        return true;
      }
      if (System.nanoTime() >= deadline || !sleep(pause)) {
        return false;
      }
      pause = Math.min(pause * 2, 100);
    }
  }

  private static List<Long> scan(Set<Long> pgids) {
    List<Long> found = new ArrayList<>();
    if (!HAS_PROC) {
      return found;
    }
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(name);
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid == SELF) {
          continue;
        }
        long pgrp = processGroupOf(p.resolve("stat"));
        if (pgrp > 0 && pgids.contains(pgrp)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      // /proc vanished? Nothing to find.
    }
    return found;
  }

  /** The process group in a {@code /proc/<pid>/stat} file; -1 for zombies and vanished pids. */
  static long processGroupOf(Path stat) {
    String text;
    try {
      text = new String(Files.readAllBytes(stat), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return -1;
    }
    return parseProcessGroup(text);
  }

  /** Field 5 ({@code pgrp}) of a stat line; the command in parentheses may hold spaces. */
  static long parseProcessGroup(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 1).strip().split(" ", 5);
    if (f.length < 4 || f[0].equals("Z") || f[0].equals("X")) {
      return -1;
    }
    try {
      return Long.parseLong(f[2]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void kill(long pgid, boolean force) {
    try {
      Process p =
          new ProcessBuilder("kill", "-s", force ? "KILL" : "TERM", "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): nothing more we can do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps; false when interrupted (the flag is kept). */
  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
