package dev.skiff.store.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The audit log: appended to, listed newest first. */
public final class AuditRepository {
  private static final String COLUMNS = "id, at, user_id, profile, action, target, status, detail";
  private final Jdbi jdbi;

  /** A repository over {@code jdbi}. */
  public AuditRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Appends an event (its id is assigned by the database). */
  public void append(AuditEvent e) {
    Rows.call(
        "write audit event",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO audit_event (at, user_id, profile, action, target,"
                                + " status, detail) VALUES (:at, :user, :profile, :action,"
                                + " :target, :status, :detail)")
                        .bind("at", Rows.at(e.at()))
                        .bind("user", clip(e.userId(), 255))
                        .bind("profile", clip(e.profile(), 63))
                        .bind("action", clip(e.action(), 255))
                        .bind("target", clip(e.target(), 1000))
                        .bind("status", e.status())
                        .bind("detail", clip(e.detail(), 1000))
                        .execute()));
  }

  /**
   * Events newest first.
   *
   * @param profile only this profile's events ({@code null}: all)
   * @param user only this user's events ({@code null}: all)
   * @param beforeId only events older than this id ({@code 0}: from the newest), for paging
   * @param limit at most this many
   */
  public List<AuditEvent> list(String profile, String user, long beforeId, int limit) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (profile != null) {
      where.append(" AND profile = :profile");
    }
    if (user != null) {
      where.append(" AND user_id = :user");
    }
    if (beforeId > 0) {
      where.append(" AND id < :before");
    }
    return Rows.call(
        "list audit events",
        () ->
            jdbi.withHandle(
                h -> {
                  var q =
                      h.createQuery(
                              "SELECT "
                                  + COLUMNS
                                  + " FROM audit_event"
                                  + where
                                  + " ORDER BY id DESC LIMIT :limit")
                          .bind("limit", limit);
                  if (profile != null) {
                    q.bind("profile", profile);
                  }
                  if (user != null) {
                    q.bind("user", user);
                  }
                  if (beforeId > 0) {
                    q.bind("before", beforeId);
                  }
                  return q.map(AuditRepository::map).list();
                }));
  }

  /** Removes events older than {@code cutoff}; how many. */
  public int deleteBefore(Instant cutoff) {
    return Rows.call(
        "trim audit log",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate("DELETE FROM audit_event WHERE at < :cut")
                        .bind("cut", Rows.at(cutoff))
                        .execute()));
  }

  private static String clip(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static AuditEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AuditEvent(
        rs.getLong("id"),
        Rows.instant(rs, "at"),
        rs.getString("user_id"),
        rs.getString("profile"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getInt("status"),
        rs.getString("detail"));
  }
}
