package dev.skiff.store.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Browser sessions, keyed by the hash of the cookie value. */
public final class SessionRepository {
  private static final String COLUMNS =
      "id_hash, user_id, csrf, created_at, expires_at, last_seen_at";
  private final Jdbi jdbi;

  /** A repository over {@code jdbi}. */
  public SessionRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Stores a new session. */
  public void create(Session s) {
    Rows.call(
        "store session",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO auth_session ("
                                + COLUMNS
                                + ") VALUES (:id, :user, :csrf, :created, :expires, :seen)")
                        .bind("id", s.idHash())
                        .bind("user", s.userId())
                        .bind("csrf", s.csrf())
                        .bind("created", Rows.at(s.createdAt()))
                        .bind("expires", Rows.at(s.expiresAt()))
                        .bind("seen", Rows.at(s.lastSeenAt()))
                        .execute()));
  }

  /** The session with that id hash, if it exists (expired ones too: callers check). */
  public Optional<Session> find(String idHash) {
    return Rows.call(
        "find session",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM auth_session WHERE id_hash = :id")
                        .bind("id", idHash)
                        .map(SessionRepository::map)
                        .findOne()));
  }

  /** Records activity. */
  public void touch(String idHash, Instant at) {
    Rows.call(
        "record session use",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate("UPDATE auth_session SET last_seen_at = :at WHERE id_hash = :id")
                        .bind("at", Rows.at(at))
                        .bind("id", idHash)
                        .execute()));
  }

  /** Ends one session; whether it existed. */
  public boolean delete(String idHash) {
    return Rows.call(
        "end session",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate("DELETE FROM auth_session WHERE id_hash = :id")
                            .bind("id", idHash)
                            .execute())
                > 0);
  }

  /** Ends every session of a user (logout everywhere); how many. */
  public int deleteAllOf(String userId) {
    return Rows.call(
        "end sessions",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate("DELETE FROM auth_session WHERE user_id = :u")
                        .bind("u", userId)
                        .execute()));
  }

  /** Removes sessions that ended before {@code now}; how many. */
  public int deleteExpired(Instant now) {
    return Rows.call(
        "remove expired sessions",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate("DELETE FROM auth_session WHERE expires_at < :now")
                        .bind("now", Rows.at(now))
                        .execute()));
  }

  private static Session map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Session(
        rs.getString("id_hash"),
        rs.getString("user_id"),
        rs.getString("csrf"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "expires_at"),
        Rows.instant(rs, "last_seen_at"));
  }
}
