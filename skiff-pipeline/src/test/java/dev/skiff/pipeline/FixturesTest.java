package dev.skiff.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Skiff's own fixtures: {@code pipelines/valid/*} parse; each {@code pipelines/invalid/*} is
 * rejected, and its first problem has the message and line written in its header ({@code # expect:
 * <text the message contains>}, {@code # expect-line: <n>}).
 */
class FixturesTest {

  @TestFactory
  Stream<DynamicTest> valid_fixtures_parse() throws Exception {
    return files("valid").stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      Pipeline p = PipelineParser.parse(f);
                      assertThat(p.warnings()).isEmpty();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> invalid_fixtures_are_rejected_at_the_right_line() throws Exception {
    List<Path> files = files("invalid");
    assertThat(files).hasSizeGreaterThan(30);
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      PipelineException e =
                          catchThrowableOfType(
                              PipelineException.class, () -> PipelineParser.parse(f));
                      assertThat(e).as("rejected").isNotNull();
                      Expectation x = Expectation.of(f);
                      Problem first = e.problems().getFirst();
                      assertThat(first.message() + " | " + e.getMessage()).contains(x.text());
                      assertThat(first.line()).as("line of: " + first).isEqualTo(x.line());
                      assertThat(e.getMessage())
                          .doesNotContain("\n")
                          .startsWith(f.getFileName().toString());
                    }));
  }

  /** What an invalid fixture's header promises. */
  record Expectation(String text, int line) {
    static Expectation of(Path f) throws IOException {
      String text = null;
      int line = -1;
      for (String l : Files.readAllLines(f)) {
        if (l.startsWith("# expect: ")) {
          text = l.substring("# expect: ".length());
        } else if (l.startsWith("# expect-line: ")) {
          line = Integer.parseInt(l.substring("# expect-line: ".length()).trim());
        }
      }
      if (text == null) {
        // JSON fixtures cannot carry comments: their expectation lives in a sidecar file.
        Path sidecar = f.resolveSibling(f.getFileName() + ".expect");
        List<String> s = Files.readAllLines(sidecar);
        return new Expectation(s.get(0), Integer.parseInt(s.get(1).trim()));
      }
      return new Expectation(text, line);
    }
  }

  static List<Path> files(String folder) throws IOException, URISyntaxException {
    Path dir =
        Path.of(
            Objects.requireNonNull(FixturesTest.class.getResource("/pipelines/" + folder)).toURI());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.toString().endsWith(".expect")).sorted().toList();
    }
  }
}
