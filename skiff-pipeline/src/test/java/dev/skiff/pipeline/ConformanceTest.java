package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every pipeline the KFP SDK compiled in {@code kfp-testdata}: files under {@code valid/} (and
 * {@code argo_compatibility/}) parse and validate; files under {@code invalid/} are rejected with a
 * message naming their problem. Skipped, visibly, when the test data is not on this machine.
 */
class ConformanceTest {

  /** What each invalid file's message must say. */
  private static final Map<String, String> INVALID_MESSAGES =
      Map.of(
          "empty_file.yaml", "empty_file.yaml: file has no pipeline document",
          "invalid_yaml.yaml",
              "invalid_yaml.yaml:3: components_1: unknown top-level key 'components_1'",
          "no_name.yaml", "no_name.yaml:16: pipelineInfo.name: pipelineInfo.name is required");

  @TestFactory
  Stream<DynamicTest> valid_files_parse_and_validate() throws IOException {
    if (!SharedTestData.present()) {
      return SharedTestData.skippedTests();
    }
    Path root = SharedTestData.sdkCompiledPipelines();
    List<Path> files = files(root.resolve("valid"), root.resolve("argo_compatibility"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(152);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    root.relativize(f).toString(),
                    () -> {
                      Pipeline p = PipelineParser.parse(f);
                      assertThat(p.name()).isNotBlank();
                      assertThat(p.spec().root().dag()).isPresent();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> invalid_files_are_rejected() throws IOException {
    if (!SharedTestData.present()) {
      return SharedTestData.skippedTests();
    }
    Path root = SharedTestData.sdkCompiledPipelines();
    List<Path> files = files(root.resolve("invalid"));
    assertThat(files).hasSize(INVALID_MESSAGES.size());
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    root.relativize(f).toString(),
                    () -> {
                      assertThatThrownBy(() -> PipelineParser.parse(f))
                          .isInstanceOf(PipelineException.class);
                      PipelineException e =
                          catchThrowableOfType(
                              PipelineException.class, () -> PipelineParser.parse(f));
                      assertThat(e.getMessage())
                          .isNotBlank()
                          .doesNotContain("\n")
                          .startsWith(INVALID_MESSAGES.get(f.getFileName().toString()));
                    }));
  }

  private static List<Path> files(Path... dirs) throws IOException {
    List<Path> out = new java.util.ArrayList<>();
    for (Path dir : dirs) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
      }
    }
    return out;
  }
}
