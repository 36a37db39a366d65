package dev.skiff.server.web;

/**
 * A page that cannot be shown for a reason the user should read (a bad query parameter, a missing
 * run): answered as an HTML page with the status and the message, never a stack trace.
 */
public final class PageException extends RuntimeException {
  private final int status;

  /** A page answered with {@code status} and {@code message}. */
  public PageException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 404 with a message. */
  public static PageException notFound(String message) {
    return new PageException(404, message);
  }

  /** 400 with a message. */
  public static PageException badRequest(String message) {
    return new PageException(400, message);
  }
}
