package dev.skiff.pipeline.placeholder;

/**
 * A command-line element that cannot be expanded: a malformed {@code Concat}/{@code IfPresent}
 * structure, or an output artifact with no local path.
 */
public final class PlaceholderException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message. */
  public PlaceholderException(String message) {
    super(message);
  }
}
