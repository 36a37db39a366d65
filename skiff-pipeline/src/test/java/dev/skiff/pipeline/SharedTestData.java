package dev.skiff.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

/**
 * Finds the shared folder ({@code kfp-testdata} lives there): env {@code SKIFF_SHARED_DIR}, else
 * system property {@code skiff.shared.dir}, else {@code <repo root>/../shared}, where the repo root
 * is the nearest folder above the working directory that holds {@code mvnw}.
 */
final class SharedTestData {

  private SharedTestData() {}

  static Path sharedDir() {
    String env = System.getenv("SKIFF_SHARED_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String prop = System.getProperty("skiff.shared.dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    return repoRoot().map(r -> r.resolveSibling("shared")).orElse(Path.of("../shared"));
  }

  static Path sdkCompiledPipelines() {
    return sharedDir().resolve("kfp-testdata").resolve("sdk_compiled_pipelines");
  }

  /** Whether the SDK-compiled pipelines are on this machine. */
  static boolean present() {
    return Files.isDirectory(sdkCompiledPipelines());
  }

  /** Why tests that need the test data are skipped. */
  static String skipMessage() {
    return "kfp-testdata not found at "
        + sdkCompiledPipelines().toAbsolutePath()
        + "; skipping conformance";
  }

  /**
   * Skips the calling test when the data is missing. In a {@code @TestFactory}, return {@link
   * #skippedTests()} instead: an assumption failing in the factory itself is not reported.
   */
  static Path require() {
    Assumptions.assumeTrue(present(), skipMessage());
    return sdkCompiledPipelines();
  }

  /** One dynamic test that is reported as skipped, with the reason. */
  static Stream<DynamicTest> skippedTests() {
    return Stream.of(
        DynamicTest.dynamicTest(
            "kfp-testdata missing", () -> Assumptions.assumeTrue(false, skipMessage())));
  }

  private static Optional<Path> repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
