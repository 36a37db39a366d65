package dev.skiff.engine.executor.local.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Skiff's offline {@code kfp} package ({@code src/main/resources/python-runtime}, see its README),
 * extracted once per content under {@code SKIFF_HOME/python-runtime/<version>-<hash>/}.
 *
 * <p>Concurrent steps (and concurrent Skiff processes sharing a home) must never see a half-written
 * folder: the files go to a fresh temporary folder that is renamed into place atomically; whoever
 * loses the race deletes its copy. Each interpreter then compiles it once ({@code compileall}
 * writes each {@code .pyc} atomically), so a step does not spend ~20 ms compiling the runtime.
 */
public final class ShippedRuntime {
  private static final String ROOT = "/python-runtime/";
  private static final Pattern ASSIGN = Pattern.compile("(?m)^(\\w+)\\s*=\\s*'([^']*)'");

  private final Map<String, byte[]> files;
  private final String version;
  private final String folderName;
  private final Set<String> compiled = ConcurrentHashMap.newKeySet();

  private ShippedRuntime(Map<String, byte[]> files) {
    this.files = files;
    Map<String, String> marker = new LinkedHashMap<>();
    Matcher m =
        ASSIGN.matcher(new String(files.get("kfp/_skiff_runtime.py"), StandardCharsets.UTF_8));
    while (m.find()) {
      marker.put(m.group(1), m.group(2));
    }
    this.version = marker.get("KFP_COMPAT_VERSION") + "+skiff." + marker.get("VERSION");
    this.folderName = version + "-" + digest(files).substring(0, 12);
  }

  /** The runtime on Skiff's class path. */
  public static ShippedRuntime load() {
    try {
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (String line : new String(read("FILES"), StandardCharsets.UTF_8).split("\n")) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          files.put(name, read(name));
        }
      }
      return new ShippedRuntime(files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Skiff's Python runtime from the class path", e);
    }
  }

  private static byte[] read(String name) throws IOException {
    try (InputStream in = ShippedRuntime.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IOException("missing resource " + ROOT + name);
      }
      return in.readAllBytes();
    }
  }

  /** E.g. {@code 2.15.2+skiff.1.0.0}: the KFP release it follows, then its own version. */
  public String version() {
    return version;
  }

  /** The runtime label of steps it runs. */
  public String label() {
    return "skiff-python-runtime " + version;
  }

  /**
   * The extracted folder (to put first on {@code PYTHONPATH}), compiled for {@code python}.
   *
   * @param home {@code SKIFF_HOME}
   */
  public Path install(Path home, Path python) throws IOException {
    Path dir = extractTo(home);
    if (compiled.add(dir + "\0" + python)) {
      compile(dir, python);
    }
    return dir;
  }

  /**
   * The extracted folder under {@code home}, not compiled: for a Python that is not on this machine
   * (a step pod's image), which compiles what it imports itself.
   *
   * @param home the folder that gets {@code python-runtime/<version>-<hash>/}
   */
  public Path extractTo(Path home) throws IOException {
    Path dir = home.resolve("python-runtime").resolve(folderName);
    if (!Files.isRegularFile(dir.resolve("kfp/_skiff_runtime.py"))) {
      synchronized (this) {
        if (!Files.isRegularFile(dir.resolve("kfp/_skiff_runtime.py"))) {
          extract(dir);
        }
      }
    }
    return dir;
  }

  private void extract(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    Path tmp = dir.resolveSibling(".tmp-" + UUID.randomUUID());
    try {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        Path target = tmp.resolve(f.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, f.getValue());
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        if (!Files.isRegularFile(dir.resolve("kfp/_skiff_runtime.py"))) {
          throw e;
        }
      } catch (IOException e) {
        // rename(2) onto a non-empty folder fails with ENOTEMPTY: another process won the race.
        if (!Files.isRegularFile(dir.resolve("kfp/_skiff_runtime.py"))) {
          throw e;
        }
      }
    } finally {
      deleteTree(tmp);
    }
  }

  /** Best effort: without bytecode the runtime still works, only slower to start. */
  private static void compile(Path dir, Path python) {
    try {
      Process p =
          new ProcessBuilder(python.toString(), "-m", "compileall", "-q", dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // the step runs without cached bytecode
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary folder is harmless
    }
  }

  private static String digest(Map<String, byte[]> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String name : List.copyOf(files.keySet())) {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(files.get(name));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
