package dev.skiff.server.http;

import dev.skiff.store.StoreException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a client is told when the store refused or failed a request that got past validation. The
 * store's own message (SQL text, column types, driver wording) stays in the server log; the answer
 * names only what the client can act on.
 *
 * <ul>
 *   <li>a value longer than its column (SQLSTATE 22001): 400 naming the column and its limit when
 *       the database says them (H2 does, PostgreSQL names only the limit);
 *   <li>another data error (22xxx: a character the database refuses, a malformed number): 400;
 *   <li>a unique key (23505): 409; another constraint (23xxx): 409;
 *   <li>the database away, busy or a statement canceled (a timeout): 503, worth retrying;
 *   <li>anything else: not the client's doing, so not classified here (a 500 with an error id).
 * </ul>
 */
final class StoreProblems {
  /** H2: {@code Value too long for column "DISPLAY_NAME CHARACTER VARYING(255)": ...}. */
  private static final Pattern H2_COLUMN =
      Pattern.compile("column \"([A-Za-z0-9_]+) [A-Z ]+\\((\\d+)\\)\"");

  /** PostgreSQL: {@code value too long for type character varying(255)}. */
  private static final Pattern LIMIT = Pattern.compile("varying\\((\\d+)\\)");

  private StoreProblems() {}

  /** A status and a detail for the client. */
  record Answer(int status, String detail) {}

  /** The answer for a store failure, or empty when it is a server error (a bug). */
  static Optional<Answer> classify(StoreException e) {
    if (e.isUnavailable() || e.isTransient()) {
      return Optional.of(unavailable());
    }
    SQLException sql = sqlCause(e);
    if (sql == null) {
      return Optional.empty();
    }
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    if (state.equals("57014") || state.startsWith("53") || state.startsWith("40")) {
      // a statement canceled (timeout), out of resources, a deadlock or serialization failure
      return Optional.of(unavailable());
    }
    if (state.equals("22001")) {
      return Optional.of(new Answer(400, tooLong(String.valueOf(sql.getMessage()))));
    }
    if (state.startsWith("22")) {
      return Optional.of(
          new Answer(
              400,
              "a value cannot be stored: it holds a character the database refuses (such as NUL)"
                  + " or is out of range"));
    }
    if (state.equals("23505")) {
      return Optional.of(new Answer(409, "it already exists"));
    }
    if (state.startsWith("23")) {
      return Optional.of(new Answer(409, "the request conflicts with what is stored"));
    }
    return Optional.empty();
  }

  private static Answer unavailable() {
    return new Answer(503, "the database is unavailable or busy; try again shortly");
  }

  private static String tooLong(String message) {
    Matcher column = H2_COLUMN.matcher(message);
    if (column.find()) {
      return column.group(1).toLowerCase(Locale.ROOT)
          + " is too long; the limit is "
          + column.group(2)
          + " characters";
    }
    Matcher limit = LIMIT.matcher(message);
    if (limit.find()) {
      return "a value is too long; the limit is " + limit.group(1) + " characters";
    }
    return "a value is too long to be stored";
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
