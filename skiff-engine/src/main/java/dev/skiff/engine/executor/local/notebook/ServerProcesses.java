package dev.skiff.engine.executor.local.notebook;

import dev.skiff.engine.executor.local.ProcessGroups;
import dev.skiff.engine.executor.notebook.ServerLaunch;
import dev.skiff.engine.executor.notebook.ServerState;
import dev.skiff.store.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Spawns server processes in their own process group, tells whether they run, and ends them with
 * every process they started (Jupyter starts kernels in sessions of their own, so the group alone
 * is not enough).
 */
final class ServerProcesses {
  private static final Path SETSID = findSetsid();

  /** How long a start waits for the server to listen before it leaves that to the caller. */
  private static final Duration LISTEN_WAIT = Duration.ofSeconds(15);

  private static final Duration LISTEN_POLL = Duration.ofMillis(10);

  private final Duration grace;
  private final Map<Long, Process> children = new ConcurrentHashMap<>();

  ServerProcesses(Duration grace) {
    this.grace = grace;
  }

  /** What {@link #spawn} did. */
  sealed interface Spawned {
    /** It runs (and listens, or is still getting there). */
    record Running(long pid, long startedMillis) implements Spawned {}

    /** Its port was taken in between; nothing runs. */
    record PortTaken(String reason) implements Spawned {}

    /** It could not start, or ended at once. */
    record Failed(String reason) implements Spawned {}
  }

  Spawned spawn(List<String> server, ServerLaunch launch, String token, List<String> gpus) {
    List<String> command = new ArrayList<>();
    if (SETSID != null) {
      command.add(SETSID.toString());
    }
    command.addAll(server);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(launch.workspace().toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path logFile = launch.logFile();
    long logStart;
    try {
      if (!Files.exists(logFile)) {
        PrivateFiles.createFile(logFile);
      }
      logStart = Files.size(logFile);
    } catch (IOException e) {
      return new Spawned.Failed("cannot create the server log: " + e.getMessage());
    }
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    pb.redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(environment(launch, token, gpus));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      String m =
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      return new Spawned.Failed("cannot run " + server.get(0) + ": " + m);
    }
    long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    children.put(process.pid(), process);
    int port = Integer.parseInt(portOf(server));
    long deadline = System.nanoTime() + LISTEN_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        children.remove(process.pid());
        String last = LogTail.lastLine(logFile, logStart).replace(token, "...");
        if (last.toLowerCase(Locale.ROOT).contains("already in use")) {
          return new Spawned.PortTaken("port " + port + " was taken: " + last);
        }
        return new Spawned.Failed(
            "the server exited with code "
                + process.exitValue()
                + (last.isEmpty() ? "" : ": " + last));
      }
      if (listens(port)) {
        return new Spawned.Running(process.pid(), started);
      }
      try {
        Thread.sleep(LISTEN_POLL.toMillis()); // a refused connect costs microseconds
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return new Spawned.Running(process.pid(), started);
  }

  /** Whether the server still runs; how it ended when this process started it. */
  ServerState state(LocalServerHandle h) {
    Process child = children.get(h.pid());
    if (child != null) {
      if (child.isAlive()) {
        return new ServerState.Alive();
      }
      children.remove(h.pid());
      return new ServerState.Ended(
          "the server exited with code " + child.exitValue(), child.exitValue() == 0);
    }
    return h.live().isPresent()
        ? new ServerState.Alive()
        : new ServerState.Ended("the server's process is gone");
  }

  /** Ends the server, its group and whatever it started; blocks until they are gone. */
  void stop(LocalServerHandle h) {
    Optional<ProcessHandle> live = h.live();
    if (live.isEmpty()) {
      children.remove(h.pid());
      return;
    }
    List<ProcessHandle> started = live.get().descendants().toList();
    if (SETSID != null) {
      ProcessGroups.terminate(h.pid(), grace);
    } else {
      live.get().destroy();
    }
    for (ProcessHandle p : started) {
      p.destroy();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle p : started) {
      try {
        p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      } catch (ExecutionException | TimeoutException e) {
        p.destroyForcibly();
      }
    }
    live.get().destroyForcibly();
    Process child = children.remove(h.pid());
    if (child != null) {
      try {
        child.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Forgets the children: they run on (found again by handle). */
  void forget() {
    children.clear();
  }

  private static Map<String, String> environment(
      ServerLaunch launch, String token, List<String> gpus) {
    Map<String, String> env = new HashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              // Skiff's own settings (database password, tokens) stay with Skiff
              if (!k.startsWith("SKIFF_") && !k.startsWith("JUPYTER_TOKEN")) {
                env.put(k, v);
              }
            });
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.putAll(launch.env());
    // HOME is the workspace, as in a Kubeflow notebook pod (/home/jovyan is its volume): the
    // user's dotfiles and the KFP SDK's ~/.config/kfp/context.json persist with the workspace
    env.put("HOME", launch.workspace().toString());
    env.put("CUDA_VISIBLE_DEVICES", String.join(",", gpus));
    env.put("JUPYTER_TOKEN", token);
    return env;
  }

  /** The port in a server command ({@code --X.port=N}, or a configured command's number). */
  private static String portOf(List<String> command) {
    for (String arg : command) {
      int i = arg.indexOf(".port=");
      if (arg.startsWith("--") && i > 0) {
        return arg.substring(i + 6);
      }
    }
    return "0";
  }

  private static boolean listens(int port) {
    if (port <= 0) {
      return true;
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path findSetsid() {
    for (String c : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  /** The last line of a log, read from its end. */
  static final class LogTail {
    private LogTail() {}

    /** The last non-blank line written at or after {@code from}, at most 300 characters. */
    static String lastLine(Path file, long from) {
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        long len = f.length();
        long start = Math.max(from, len - 8192);
        byte[] b = new byte[(int) (len - Math.max(0, start))];
        f.seek(Math.max(0, start));
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
}
