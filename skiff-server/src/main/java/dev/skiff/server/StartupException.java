package dev.skiff.server;

/**
 * The server cannot start: the port is taken, the database is unreachable, the home folder cannot
 * be written. The message is one line that says what to do; no stack trace is shown to the user.
 */
public final class StartupException extends RuntimeException {
  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
