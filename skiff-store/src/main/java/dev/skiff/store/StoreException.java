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

  /**
   * Whether the database itself is away: the connection broke or could not be made, the server is
   * shutting down, or an embedded database was closed (H2 closes itself after a fatal error such as
   * running out of memory or disk). Writing again later, once it answers, may succeed; the data
   * written is not at fault.
   */
  public boolean isUnavailable() {
    for (Throwable t = getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof java.sql.SQLRecoverableException
          || t instanceof java.io.IOException
          || t instanceof org.jdbi.v3.core.ConnectionException) {
        return true; // no connection could be had: the pool is closed or the database is away
      }
      if (t instanceof java.sql.SQLException sql && isUnavailable(sql)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnavailable(java.sql.SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      return true; // connection exceptions; PostgreSQL's admin or crash shutdown
    }
    int code = e.getErrorCode();
    return code == org.h2.api.ErrorCode.DATABASE_IS_CLOSED
        || code == org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
        || code == org.h2.api.ErrorCode.OUT_OF_MEMORY
        || code == org.h2.api.ErrorCode.CONNECTION_BROKEN_1;
  }

  /** Guards the one-line promise even when a caller passes a driver message through. */
  static String oneLine(String message) {
    return message == null ? "storage error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
