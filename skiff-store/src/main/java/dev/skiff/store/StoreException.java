package dev.skiff.store;

/**
 * A storage operation failed; the message is one line a user can act on.
 *
 * <p>The message never holds a stack trace, a driver's multi-line report or a password, so the CLI
 * can print it as is and the API can put it in a problem document. The cause is kept for logs.
 */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message is {@code message} folded onto one line. */
  public StoreException(String message) {
    super(oneLine(message));
  }

  /** Creates an exception whose message is {@code message} folded onto one line. */
  public StoreException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  /**
   * Whether trying again may succeed: the database was busy or briefly unreachable (no pool
   * connection free in time, a transient SQL error), as opposed to a constraint or schema problem.
   */
  public boolean isTransient() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientException
          || t instanceof java.sql.SQLRecoverableException) {
        return true;
      }
    }
    return false;
  }

  /** Guards the one-line promise even when a caller passes a driver message through. */
  static String oneLine(String message) {
    return message == null ? "storage error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
