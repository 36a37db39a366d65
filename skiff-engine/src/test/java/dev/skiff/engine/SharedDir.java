package dev.skiff.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared folder ({@code kfp-testdata}): env {@code SKIFF_SHARED_DIR}, else system property
 * {@code skiff.shared.dir}, else {@code <repo root>/../shared}.
 */
final class SharedDir {
  private SharedDir() {}

  static Path path() {
    String env = System.getenv("SKIFF_SHARED_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String prop = System.getProperty("skiff.shared.dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw"))) {
        return p.resolveSibling("shared");
      }
    }
    return Path.of("../shared");
  }
}
