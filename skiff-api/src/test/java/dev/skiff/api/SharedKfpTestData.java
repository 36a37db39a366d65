package dev.skiff.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Where {@code kfp-testdata} is: env {@code SKIFF_SHARED_DIR}, else system property {@code
 * skiff.shared.dir}, else {@code ../shared} beside the repository root (the nearest folder above
 * the working directory that holds {@code mvnw}).
 */
final class SharedKfpTestData {
  private SharedKfpTestData() {}

  static Path sdkCompiledPipelines() {
    return sharedDir().resolve("kfp-testdata").resolve("sdk_compiled_pipelines");
  }

  private static Path sharedDir() {
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

  /** One dynamic test reported as skipped, with the reason. */
  static Stream<DynamicTest> skippedTests() {
    String why = "kfp-testdata not found at " + sdkCompiledPipelines().toAbsolutePath();
    return Stream.of(
        DynamicTest.dynamicTest("kfp-testdata missing", () -> Assumptions.assumeTrue(false, why)));
  }
}
