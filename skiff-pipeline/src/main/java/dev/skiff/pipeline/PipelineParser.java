package dev.skiff.pipeline;

import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.parse.IrReader;
import dev.skiff.pipeline.validate.PipelineValidator;
import dev.skiff.pipeline.validate.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a compiled KFP v2 pipeline (IR YAML, multi-document, or JSON) into a validated {@link
 * Pipeline}.
 *
 * <p>Accepted shapes: a YAML file whose first document is the {@code PipelineSpec} and whose later
 * documents are merged into the {@code PlatformSpec} (as {@code kfp.Client} does); the same as
 * JSON; and the REST shape {@code {"pipeline_spec": {...}, "platform_spec": {...}}}. Unknown fields
 * are ignored so that files from newer SDKs load, except at the top level of the spec.
 *
 * <p>Text over the size limit ({@link ParseLimits#DEFAULT}: 32 MiB) is refused before it is parsed;
 * parsing is linear in the text's length.
 */
public final class PipelineParser {

  private PipelineParser() {}

  /**
   * Parses and validates pipeline text, within the default limits.
   *
   * @param text the file content
   * @param sourceName a label for messages, normally the file name
   * @throws PipelineException listing every problem with its field path and line
   */
  public static Pipeline parse(String text, String sourceName) throws PipelineException {
    return parse(text, sourceName, ParseLimits.DEFAULT);
  }

  /**
   * Parses and validates pipeline text.
   *
   * @param text the file content
   * @param sourceName a label for messages, normally the file name
   * @param limits the size limit, checked first
   * @throws PipelineException listing every problem with its field path and line
   */
  public static Pipeline parse(String text, String sourceName, ParseLimits limits)
      throws PipelineException {
    long size = utf8Length(text);
    if (!limits.fits(size)) {
      throw new PipelineException(sourceName, List.of(limits.tooLarge(ParseLimits.size(size))));
    }
    IrReader.IrDocument document = IrReader.read(text, sourceName);
    ValidationReport report = PipelineValidator.validate(document.spec(), document.lines());
    if (!report.errors().isEmpty()) {
      throw new PipelineException(sourceName, report.errors());
    }
    return new Pipeline(
        sourceName, document.spec(), document.platformSpec(), document.lines(), report.warnings());
  }

  /**
   * Reads UTF-8 text from {@code in} (not closed) and parses it, within the default limits.
   *
   * @throws IOException when reading fails
   */
  public static Pipeline parse(InputStream in, String sourceName)
      throws IOException, PipelineException {
    return parse(in, sourceName, ParseLimits.DEFAULT);
  }

  /**
   * Reads UTF-8 text from {@code in} (not closed) and parses it; reads no more than one byte past
   * the limit.
   *
   * @throws IOException when reading fails
   */
  public static Pipeline parse(InputStream in, String sourceName, ParseLimits limits)
      throws IOException, PipelineException {
    int max = (int) Math.min(limits.maxBytes(), Integer.MAX_VALUE - 16);
    byte[] bytes = in.readNBytes(max + 1);
    if (bytes.length > max) {
      throw new PipelineException(
          sourceName, List.of(limits.tooLarge("more than " + ParseLimits.size(limits.maxBytes()))));
    }
    return parse(new String(bytes, StandardCharsets.UTF_8), sourceName, limits);
  }

  /**
   * Reads a pipeline file within the default limits; messages name it by its file name.
   *
   * @throws IOException when the file cannot be read
   */
  public static Pipeline parse(Path file) throws IOException, PipelineException {
    return parse(file, ParseLimits.DEFAULT);
  }

  /**
   * Reads a pipeline file; a file over the limit is refused before it is read.
   *
   * @throws IOException when the file cannot be read
   */
  public static Pipeline parse(Path file, ParseLimits limits)
      throws IOException, PipelineException {
    String sourceName = String.valueOf(file.getFileName());
    long size = Files.size(file);
    if (!limits.fits(size)) {
      throw new PipelineException(sourceName, List.of(limits.tooLarge(ParseLimits.size(size))));
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8), sourceName, limits);
  }

  /**
   * The file as one JSON object, in the shape KFP's API returns a pipeline version's {@code
   * pipeline_spec} (see {@link IrReader#struct}); it does not validate the pipeline.
   *
   * @throws PipelineException when the text is not YAML or JSON of a mapping
   */
  public static JsonValue.Obj toStruct(String text, String sourceName) throws PipelineException {
    return IrReader.struct(text, sourceName);
  }

  /** The UTF-8 length of {@code text}, without encoding it. */
  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
