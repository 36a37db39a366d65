package dev.skiff.store.identity;

import dev.skiff.store.StoreErrors;
import dev.skiff.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** Time columns and failures, the same way in every identity repository. */
final class Rows {
  private Rows() {}

  /** A bind value for a TIMESTAMP WITH TIME ZONE column (UTC), {@code null} stays null. */
  static OffsetDateTime at(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** Runs a statement; a database failure becomes a one-line {@link StoreException}. */
  static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException e) {
      throw new StoreException("cannot " + action + ": " + StoreErrors.reason(e), e);
    }
  }

  static boolean uniqueViolation(JdbiException e) {
    return StoreErrors.isUniqueViolation(e);
  }
}
