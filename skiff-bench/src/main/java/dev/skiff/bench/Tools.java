package dev.skiff.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates external programs the benchmarks use. */
final class Tools {
  private Tools() {}

  /**
   * The real python3 interpreter, not a version-manager shim (a pyenv shim costs ~25 ms more per
   * start, which would be measured instead of Python).
   */
  static String python3() {
    for (String p : new String[] {"/usr/bin/python3", "/usr/local/bin/python3"}) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    return onPath("python3");
  }

  static String onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** The java launcher of the running JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
