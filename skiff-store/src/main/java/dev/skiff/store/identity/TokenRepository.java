package dev.skiff.store.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** API tokens, hashed. */
public final class TokenRepository {
  private static final String COLUMNS =
      "id, user_id, name, secret_hash, profile, role, created_at, expires_at, revoked_at,"
          + " last_used_at";
  private final Jdbi jdbi;

  /** A repository over {@code jdbi}. */
  public TokenRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** Stores a new token. */
  public void create(ApiToken t) {
    Rows.call(
        "store token",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO api_token ("
                                + COLUMNS
                                + ") VALUES (:id, :user, :name, :hash, :profile, :role,"
                                + " :created, :expires, NULL, NULL)")
                        .bind("id", t.id())
                        .bind("user", t.userId())
                        .bind("name", t.name())
                        .bind("hash", t.secretHash())
                        .bind("profile", t.profile())
                        .bind("role", t.role() == null ? null : t.role().wire())
                        .bind("created", Rows.at(t.createdAt()))
                        .bind("expires", Rows.at(t.expiresAt()))
                        .execute()));
  }

  /** The token with that id, if any (revoked and expired ones too). */
  public Optional<ApiToken> find(String id) {
    return Rows.call(
        "find token",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM api_token WHERE id = :id")
                        .bind("id", id)
                        .map(TokenRepository::map)
                        .findOne()));
  }

  /** A user's tokens, newest first. */
  public List<ApiToken> ofUser(String userId) {
    return Rows.call(
        "list tokens",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM api_token WHERE user_id = :u"
                                + " ORDER BY created_at DESC, id")
                        .bind("u", userId)
                        .map(TokenRepository::map)
                        .list()));
  }

  /** Revokes a token; whether it was active before. */
  public boolean revoke(String id, Instant at) {
    return Rows.call(
        "revoke token",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE api_token SET revoked_at = :at"
                                    + " WHERE id = :id AND revoked_at IS NULL")
                            .bind("at", Rows.at(at))
                            .bind("id", id)
                            .execute())
                > 0);
  }

  /** Records a use (callers do it at most once a minute per token). */
  public void touch(String id, Instant at) {
    Rows.call(
        "record token use",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate("UPDATE api_token SET last_used_at = :at WHERE id = :id")
                        .bind("at", Rows.at(at))
                        .bind("id", id)
                        .execute()));
  }

  private static ApiToken map(ResultSet rs, StatementContext ctx) throws SQLException {
    String role = rs.getString("role");
    return new ApiToken(
        rs.getString("id"),
        rs.getString("user_id"),
        rs.getString("name"),
        rs.getString("secret_hash"),
        rs.getString("profile"),
        role == null ? null : ProfileRole.parse(role).orElse(ProfileRole.VIEW),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "expires_at"),
        Rows.instant(rs, "revoked_at"),
        Rows.instant(rs, "last_used_at"));
  }
}
