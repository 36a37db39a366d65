package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fuzzing of the IR parser: whatever the text, {@link PipelineParser#parse(String, String)} returns
 * a pipeline or throws a {@link PipelineException} with a one-line message, and it does not hang.
 *
 * <p>{@link #parse_accepts_or_rejects_cleanly} is a Jazzer fuzz test. In every build it runs in
 * regression mode over its seeds: the files of {@code shared/kfp-testdata} (copied to its inputs
 * folder by this module's pom; absent when the shared folder is) and the seeds committed under
 * {@code PipelineParserFuzzTestInputs/}. To fuzz, run {@code JAZZER_FUZZ=1 ./mvnw -pl
 * skiff-pipeline test -Dtest=PipelineParserFuzzTest -Djazzer.hooks=true}; inputs that fail land in
 * the inputs folder, where they become regression seeds once committed.
 *
 * <p>{@link #kfp_testdata_and_mutations_parse_or_fail_cleanly} adds what regression mode lacks:
 * deterministic mutations of each kfp-testdata file (cut, duplicated, spliced, bytes changed).
 */
class PipelineParserFuzzTest {

  /** Far above any real parse (the largest test file takes milliseconds): only a hang trips it. */
  private static final Duration HANG = Duration.ofSeconds(30);

  @FuzzTest(maxDuration = "10m")
  void parse_accepts_or_rejects_cleanly(byte[] data) {
    parseOrFailCleanly(new String(data, StandardCharsets.UTF_8));
  }

  @TestFactory
  Stream<DynamicTest> kfp_testdata_and_mutations_parse_or_fail_cleanly() throws IOException {
    if (!SharedTestData.present()) {
      return SharedTestData.skippedTests();
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(SharedTestData.sdkCompiledPipelines())) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    SharedTestData.sdkCompiledPipelines().relativize(f).toString(),
                    () -> {
                      String text = Files.readString(f);
                      for (String variant : mutations(text, f.toString().hashCode())) {
                        assertTimeoutPreemptively(HANG, () -> parseOrFailCleanly(variant));
                      }
                    }));
  }

  /** The property. */
  private static void parseOrFailCleanly(String text) {
    try {
      Pipeline p = PipelineParser.parse(text, "fuzz.yaml");
      assertThat(p.spec()).isNotNull();
    } catch (PipelineException e) {
      assertThat(e.problems()).isNotEmpty();
      assertThat(e.getMessage()).startsWith("fuzz.yaml").doesNotContain("\n").doesNotContain("\r");
    }
  }

  /** Twenty variants of {@code text}, the same on every run. */
  private static List<String> mutations(String text, long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int a = random.nextInt(text.length() + 1);
      int b = random.nextInt(text.length() + 1);
      int from = Math.min(a, b);
      int to = Math.max(a, b);
      out.add(
          switch (i % 5) {
            case 0 -> text.substring(0, from); // cut short
            case 1 -> text.substring(0, from) + text.substring(to); // a piece left out
            case 2 -> text.substring(0, to) + text.substring(from); // a piece repeated
            case 3 -> {
              char[] chars = text.toCharArray();
              for (int k = 0; k < 8 && chars.length > 0; k++) {
                chars[random.nextInt(chars.length)] =
                    "{}[]:,-'\"\n #&*!|>%@`\t\\".charAt(random.nextInt(22));
              }
              yield new String(chars);
            }
            default -> text.substring(from, to) + text.substring(0, from); // pieces swapped
          });
    }
    return out;
  }
}
