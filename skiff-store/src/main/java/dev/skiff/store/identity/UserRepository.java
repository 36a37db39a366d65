package dev.skiff.store.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** Users who signed in, keyed by id. SQL that runs unchanged on H2 and PostgreSQL. */
public final class UserRepository {
  private static final String COLUMNS =
      "id, display_name, default_profile, created_at, last_login_at";
  private final Jdbi jdbi;

  /** A repository over {@code jdbi}. */
  public UserRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /** The user with that id, if they signed in before. */
  public Optional<AppUser> find(String id) {
    return Rows.call(
        "find user",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM app_user WHERE id = :id")
                        .bind("id", id)
                        .map(UserRepository::map)
                        .findOne()));
  }

  /**
   * Stores a new user.
   *
   * @return whether it was stored ({@code false}: the id was taken, nothing changed)
   */
  public boolean createIfAbsent(AppUser user) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO app_user ("
                          + COLUMNS
                          + ")"
                          + " VALUES (:id, :name, :profile, :created, :login)")
                  .bind("id", user.id())
                  .bind("name", user.displayName())
                  .bind("profile", user.defaultProfile())
                  .bind("created", Rows.at(user.createdAt()))
                  .bind("login", Rows.at(user.lastLoginAt()))
                  .execute());
      return true;
    } catch (JdbiException e) {
      if (Rows.uniqueViolation(e)) {
        return false;
      }
      throw new dev.skiff.store.StoreException(
          "cannot create user: " + dev.skiff.store.StoreErrors.reason(e), e);
    }
  }

  /** Records a sign-in. */
  public void touchLogin(String id, String displayName, Instant at) {
    Rows.call(
        "record sign-in",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE app_user SET last_login_at = :at,"
                                + " display_name = CASE WHEN :name = '' THEN display_name"
                                + " ELSE :name END WHERE id = :id")
                        .bind("at", Rows.at(at))
                        .bind("name", displayName == null ? "" : displayName)
                        .bind("id", id)
                        .execute()));
  }

  /** Sets the profile shown after sign-in. */
  public void setDefaultProfile(String id, String profile) {
    Rows.call(
        "set default profile",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate("UPDATE app_user SET default_profile = :p WHERE id = :id")
                        .bind("p", profile)
                        .bind("id", id)
                        .execute()));
  }

  /** Every user, by id. */
  public List<AppUser> list() {
    return Rows.call(
        "list users",
        () ->
            jdbi.withHandle(
                h ->
                    h
                        .createQuery("SELECT " + COLUMNS + " FROM app_user")
                        .map(UserRepository::map)
                        .list()
                        .stream()
                        .sorted(java.util.Comparator.comparing(AppUser::id))
                        .toList()));
  }

  private static AppUser map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AppUser(
        rs.getString("id"),
        rs.getString("display_name"),
        rs.getString("default_profile"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "last_login_at"));
  }
}
