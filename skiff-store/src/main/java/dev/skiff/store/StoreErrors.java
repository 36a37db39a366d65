package dev.skiff.store;

import java.io.IOException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.h2.api.ErrorCode;

/**
 * Turns the exception chains that drivers, the pool and Flyway throw into one short line.
 *
 * <p>A chain typically reads "pool failed to start" → "PSQLException: Connection to host refused.
 * Check that ..." → "ConnectException: Connection refused". The useful part is near the bottom, so
 * this class picks the most telling link instead of printing the whole chain.
 */
public final class StoreErrors {

  /** SQLSTATE for a unique or primary key violation; PostgreSQL and H2 both report it. */
  private static final String UNIQUE_VIOLATION = "23505";

  private StoreErrors() {}

  /** The most useful single line that explains {@code error}. */
  public static String reason(Throwable error) {
    List<Throwable> chain = chain(error);
    for (Throwable t : chain) {
      if (t instanceof SQLException sql
          && (sql.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
              || sql.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED)) {
        // H2's own text suggests a URL setting, which is not the cause here
        return "the database was closed";
      }
    }
    for (Throwable t : chain) {
      if (t instanceof UnknownHostException) {
        return "unknown host " + firstLine(t.getMessage());
      }
    }
    // Network failures carry the plainest wording ("Connection refused", "connect timed out").
    for (Throwable t : chain.reversed()) {
      if (t instanceof IOException && t.getMessage() != null) {
        return firstLine(t.getMessage());
      }
    }
    for (Throwable t : chain.reversed()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        return firstLine(t.getMessage());
      }
    }
    for (Throwable t : chain.reversed()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return firstLine(t.getMessage());
      }
    }
    return error.getClass().getSimpleName();
  }

  /** Whether a unique key (e.g. a primary key) was violated somewhere in the chain. */
  public static boolean isUniqueViolation(Throwable error) {
    return sqlException(error, e -> UNIQUE_VIOLATION.equals(e.getSQLState())).isPresent();
  }

  /** Whether H2 refused to open its file because another process holds the lock. */
  static boolean isH2FileLocked(Throwable error) {
    return sqlException(error, e -> e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1)
        .isPresent();
  }

  /**
   * Whether the database refused the user name or password (SQLSTATE 28000, or 28P01 on
   * PostgreSQL).
   */
  static boolean isWrongPassword(Throwable error) {
    return sqlException(
            error,
            e ->
                e.getErrorCode() == ErrorCode.WRONG_USER_OR_PASSWORD
                    || "28000".equals(e.getSQLState())
                    || "28P01".equals(e.getSQLState()))
        .isPresent();
  }

  /**
   * Whether H2 could not read its file: damaged, not an H2 file, or another H2 format version. H2
   * reports these as an I/O error whose text is only the file name, so they are told apart here.
   */
  static boolean isH2FileUnreadable(Throwable error) {
    return sqlException(
            error,
            e ->
                e.getErrorCode() == ErrorCode.IO_EXCEPTION_1
                    || e.getErrorCode() == ErrorCode.FILE_CORRUPTED_1
                    || e.getErrorCode() == ErrorCode.FILE_VERSION_ERROR_1)
        .isPresent();
  }

  private static Optional<SQLException> sqlException(
      Throwable error, Predicate<SQLException> test) {
    for (Throwable t : chain(error)) {
      if (t instanceof SQLException sql && test.test(sql)) {
        return Optional.of(sql);
      }
    }
    return Optional.empty();
  }

  /** Causes from outermost to innermost, cycle-safe (SQLException chains may loop). */
  private static List<Throwable> chain(Throwable error) {
    List<Throwable> out = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  /** The first non-blank line, without H2's trailing "[90020-252]" code-and-build tag. */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    for (String line : message.split("\\R")) {
      if (!line.isBlank()) {
        return line.strip().replaceFirst("\\s*\\[\\d+-\\d+]$", "");
      }
    }
    return "";
  }
}
