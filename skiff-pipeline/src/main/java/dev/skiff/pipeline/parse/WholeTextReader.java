package dev.skiff.pipeline.parse;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's character source over text that is already in memory, with O(1) look-ahead.
 *
 * <p>Why: SnakeYAML's own {@link StreamReader} reads 1 KB at a time and copies everything from the
 * start of the current token onwards on each read, so one long token (a 50 MB one-line string, a
 * base64 blob) costs time quadratic in its length: about 1 s per MB at 4 MB, and a 50 MB file never
 * finishes. This reader serves the scanner the same code points, lines and columns from the whole
 * text. It overrides every public method, so the superclass's buffer stays empty and unused.
 *
 * <p>Positions are in code points, as in SnakeYAML. Text without surrogate pairs (nearly all
 * pipelines) is read through {@link String#charAt}; other text is decoded to code points once.
 * Marks carry no snippet buffer: messages use their line and column only.
 */
final class WholeTextReader extends StreamReader {

  private static final String NAME = "'string'";
  private static final int[] NO_SNIPPET = new int[0];

  private final String text;

  /** The code points when {@code text} has surrogate pairs, else null (then index = char). */
  private final int[] codePoints;

  private final int length;
  private int pointer;
  private int index;
  private int documentIndex;
  private int line;
  private int column;

  /**
   * Wraps {@code text}.
   *
   * @throws ReaderException at the first code point YAML does not allow (a control character, a
   *     lone surrogate), as SnakeYAML does
   */
  WholeTextReader(String text) {
    super("");
    this.text = text;
    boolean surrogates = false;
    int count = 0;
    for (int i = 0; i < text.length(); count++) {
      int c = text.codePointAt(i);
      if (!isPrintable(c)) {
        throw new ReaderException(NAME, count, c, "special characters are not allowed");
      }
      int chars = Character.charCount(c);
      surrogates |= chars == 2;
      i += chars;
    }
    this.codePoints = surrogates ? text.codePoints().toArray() : null;
    this.length = count;
  }

  private int at(int i) {
    return codePoints == null ? text.charAt(i) : codePoints[i];
  }

  @Override
  public Mark getMark() {
    return new Mark(NAME, index, line, column, NO_SNIPPET, 0);
  }

  @Override
  public void forward() {
    forward(1);
  }

  @Override
  public void forward(int count) {
    for (int i = 0; i < count && pointer < length; i++) {
      int c = at(pointer++);
      index++;
      documentIndex++;
      if (Constant.LINEBR.has(c) || (c == '\r' && pointer < length && at(pointer) != '\n')) {
        line++;
        column = 0;
      } else if (c != 0xFEFF) {
        column++;
      }
    }
  }

  @Override
  public int peek() {
    return pointer < length ? at(pointer) : '\0';
  }

  @Override
  public int peek(int ahead) {
    return pointer + ahead < length ? at(pointer + ahead) : '\0';
  }

  @Override
  public String prefix(int count) {
    int end = Math.min(pointer + count, length);
    if (end <= pointer) {
      return "";
    }
    return codePoints == null
        ? text.substring(pointer, end)
        : new String(codePoints, pointer, end - pointer);
  }

  @Override
  public String prefixForward(int count) {
    String prefix = prefix(count);
    // the scanner only calls this over code points that are not line breaks
    pointer += count;
    index += count;
    documentIndex += count;
    column += count;
    return prefix;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public int getDocumentIndex() {
    return documentIndex;
  }

  @Override
  public void resetDocumentIndex() {
    documentIndex = 0;
  }

  @Override
  public int getIndex() {
    return index;
  }

  @Override
  public int getLine() {
    return line;
  }
}
