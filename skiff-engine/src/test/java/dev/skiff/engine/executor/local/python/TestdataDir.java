package dev.skiff.engine.executor.local.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared kfp-testdata: env {@code SKIFF_SHARED_DIR}, else system property {@code
 * skiff.shared.dir}, else {@code <repo root>/../shared}; empty when absent.
 */
final class TestdataDir {
  private TestdataDir() {}

  static Optional<Path> compiled() {
    Path shared;
    String env = System.getenv("SKIFF_SHARED_DIR");
    String prop = System.getProperty("skiff.shared.dir");
    if (env != null && !env.isBlank()) {
      shared = Path.of(env);
    } else if (prop != null && !prop.isBlank()) {
      shared = Path.of(prop);
    } else {
      shared = Path.of("../shared");
      for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
        if (Files.exists(p.resolve("mvnw"))) {
          shared = p.resolveSibling("shared");
          break;
        }
      }
    }
    Path dir = shared.resolve("kfp-testdata/sdk_compiled_pipelines/valid");
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  static String skipMessage() {
    return "kfp-testdata not found (set SKIFF_SHARED_DIR or -Dskiff.shared.dir): skipping";
  }
}
