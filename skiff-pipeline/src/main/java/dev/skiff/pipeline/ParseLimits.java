package dev.skiff.pipeline;

import java.util.Locale;

/**
 * Bounds on the pipeline text {@link PipelineParser} accepts, checked before anything is parsed.
 *
 * @param maxBytes the largest pipeline text accepted, in UTF-8 bytes
 * @param raiseHint how a user raises the limit where this parser is used (e.g. a setting's name),
 *     shown in the error; empty for a generic hint
 */
public record ParseLimits(long maxBytes, String raiseHint) {

  /** 32 MiB: ten times the largest KFP-compiled pipelines seen, which embed their source code. */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

  /** The default limits. */
  public static final ParseLimits DEFAULT = new ParseLimits(DEFAULT_MAX_BYTES, "");

  /** Checks the values. */
  public ParseLimits {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (raiseHint == null) {
      throw new IllegalArgumentException("raiseHint must not be null (use \"\")");
    }
  }

  /** Limits of {@code maxBytes} with the generic hint. */
  public static ParseLimits ofMaxBytes(long maxBytes) {
    return new ParseLimits(maxBytes, "");
  }

  /** Whether text of {@code size} bytes is accepted. */
  boolean fits(long size) {
    return size <= maxBytes;
  }

  /**
   * The problem for text that does not fit.
   *
   * @param sizeText its size for people, e.g. {@code 50.0 MiB} or {@code more than 32 MiB}
   */
  Problem tooLarge(String sizeText) {
    return new Problem(
        "",
        0,
        "pipeline file is "
            + sizeText
            + "; the limit is "
            + size(maxBytes)
            + " ("
            + (raiseHint.isEmpty()
                ? "keep large data out of the pipeline: pass it as a run parameter or an artifact;"
                    + " the program reading the pipeline sets the limit"
                : raiseHint)
            + ")");
  }

  /** {@code 512 bytes}, {@code 32 MiB}, {@code 50.0 MiB}. */
  static String size(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (value == Math.rint(value)
            ? String.valueOf((long) value)
            : String.format(Locale.ROOT, "%.1f", value))
        + " "
        + units[unit];
  }
}
