package dev.skiff.pipeline.parse;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.StringReader;
import org.yaml.snakeyaml.parser.ParserImpl;

/**
 * A {@link YAMLFactory} whose parsers over a {@code String} read it through {@link
 * WholeTextReader}, so parsing is linear in the text's length whatever its tokens.
 */
final class WholeTextYamlFactory extends YAMLFactory {

  private static final long serialVersionUID = 1L;

  WholeTextYamlFactory(YAMLFactoryBuilder builder) {
    super(builder);
  }

  /**
   * A parser over {@code content}.
   *
   * @throws org.yaml.snakeyaml.reader.ReaderException when the text has a character YAML does not
   *     allow
   */
  @Override
  public YAMLParser createParser(String content) {
    IOContext context = _createContext(_createContentReference(content), false);
    ParserImpl events = new ParserImpl(new WholeTextReader(content), _loaderOptions);
    return new Parser(context, _parserFeatures, _yamlParserFeatures, _objectCodec, events);
  }

  /** Opens Jackson's constructor that takes a ready SnakeYAML parser. */
  private static final class Parser extends YAMLParser {
    Parser(
        IOContext context,
        int parserFeatures,
        int formatFeatures,
        ObjectCodec codec,
        ParserImpl events) {
      // The reader is only closed, never read: the events come from WholeTextReader.
      super(context, parserFeatures, formatFeatures, codec, new StringReader(""), events);
    }
  }
}
