package dev.skiff.api;

import dev.skiff.pipeline.OneLine;

/**
 * A request the API cannot act on because of what the caller sent (the server answers 400 with the
 * message as the problem's {@code detail}). The message is one line that names the field and what
 * is wrong with it.
 */
public final class ApiRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A bad request with the given detail; control characters it quotes from the request are escaped,
   * so it stays one line.
   */
  public ApiRequestException(String detail) {
    super(OneLine.of(detail));
  }
}
