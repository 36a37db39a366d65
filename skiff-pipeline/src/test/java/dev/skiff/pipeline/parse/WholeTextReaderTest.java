package dev.skiff.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * {@link WholeTextReader} gives Jackson the same tokens, texts, lines and columns as SnakeYAML's
 * own reader, on the KFP test data and on line breaks, byte order marks and characters outside the
 * BMP.
 */
class WholeTextReaderTest {

  private static final YAMLFactoryBuilder BUILDER = builder();
  private static final YAMLFactory STANDARD = BUILDER.build();
  private static final YAMLFactory WHOLE_TEXT = new WholeTextYamlFactory(builder());

  private static YAMLFactoryBuilder builder() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    YAMLFactoryBuilder b = YAMLFactory.builder().loaderOptions(options);
    b.streamReadConstraints(
        StreamReadConstraints.defaults().rebuild().maxStringLength(Integer.MAX_VALUE).build());
    return b;
  }

  @Test
  void tokens_and_positions_match_snakeyamls_reader_on_the_kfp_test_data() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize().resolveSibling("shared");
    Path data = root.resolve("kfp-testdata/sdk_compiled_pipelines");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(data), "kfp-testdata not found at " + data + "; skipping");
    List<Path> files;
    try (Stream<Path> s = Files.walk(data)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    for (Path f : files) {
      String text = Files.readString(f);
      assertThat(tokens(WHOLE_TEXT, text)).as(f.toString()).isEqualTo(tokens(STANDARD, text));
    }
  }

  @Test
  void tokens_and_positions_match_across_line_breaks_marks_and_surrogates() throws IOException {
    for (String text :
        List.of(
            "a: 1\r\nb: [x, y]\r\nc: 'z'\r\n",
            "a: 1\rb: 2\r\rc: 3",
            "a: 1\u0085b: 2\u2028c: \"3\u2029d\"\n",
            "\uFEFFa: b\n",
            "a: \"emoji 🙂 in 🙂 text\"\nb: 🙂🙂\n- x\n",
            "a: |\n  line 🙂\n  two\nb: >\n  folded\n  text\n",
            "a: b\r",
            "k: \"\\t\\u00e9 escaped\"\n? complex\n: value\n")) {
      assertThat(tokens(WHOLE_TEXT, text)).as(text).isEqualTo(tokens(STANDARD, text));
    }
  }

  @Test
  void characters_yaml_does_not_allow_are_refused_where_they_are() {
    assertThatThrownBy(() -> new WholeTextReader("a: b\nc: d\u0001"))
        .isInstanceOf(ReaderException.class)
        .hasMessageContaining("special characters are not allowed")
        .satisfies(e -> assertThat(((ReaderException) e).getPosition()).isEqualTo(9));
    assertThatThrownBy(() -> new WholeTextReader("lone \uD800 surrogate"))
        .isInstanceOf(ReaderException.class);
  }

  /** Each token with its text and position, or the error that ended the stream. */
  private static List<String> tokens(YAMLFactory factory, String text) {
    List<String> out = new ArrayList<>();
    try (JsonParser p = factory.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        var at = p.currentTokenLocation();
        out.add(
            t
                + " "
                + (t.isScalarValue() || t == JsonToken.FIELD_NAME ? p.getText() : "")
                + " @"
                + at.getLineNr()
                + ":"
                + at.getColumnNr()
                + "+"
                + at.getCharOffset());
      }
    } catch (IOException | RuntimeException e) {
      out.add("error " + e.getClass().getSimpleName());
    }
    return out;
  }
}
