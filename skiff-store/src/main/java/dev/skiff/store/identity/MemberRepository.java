package dev.skiff.store.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Profile membership: who has which role where. The profile's owner has a row with role owner; rows
 * go when their profile is deleted (foreign key, cascade).
 */
public final class MemberRepository {
  private static final String COLUMNS = "profile, user_id, role, added_by, added_at";
  private final Jdbi jdbi;

  /** A repository over {@code jdbi}. */
  public MemberRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * Adds a member, or changes the role of an existing one.
   *
   * @return whether a new row was added ({@code false}: the role was changed)
   */
  public boolean put(Member m) {
    return Rows.call(
        "store member",
        () ->
            jdbi.inTransaction(
                h -> {
                  int changed =
                      h.createUpdate(
                              "UPDATE profile_member SET role = :role"
                                  + " WHERE profile = :profile AND user_id = :user")
                          .bind("role", m.role().wire())
                          .bind("profile", m.profile())
                          .bind("user", m.userId())
                          .execute();
                  if (changed > 0) {
                    return false;
                  }
                  try {
                    h.createUpdate(
                            "INSERT INTO profile_member ("
                                + COLUMNS
                                + ")"
                                + " VALUES (:profile, :user, :role, :by, :at)")
                        .bind("profile", m.profile())
                        .bind("user", m.userId())
                        .bind("role", m.role().wire())
                        .bind("by", m.addedBy())
                        .bind("at", Rows.at(m.addedAt()))
                        .execute();
                  } catch (JdbiException e) {
                    if (!Rows.uniqueViolation(e)) {
                      throw e;
                    }
                  }
                  return true;
                }));
  }

  /** Removes a member; whether there was one. */
  public boolean remove(String profile, String userId) {
    return Rows.call(
        "remove member",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "DELETE FROM profile_member WHERE profile = :p AND user_id = :u")
                            .bind("p", profile)
                            .bind("u", userId)
                            .execute())
                > 0);
  }

  /** The role of {@code userId} in {@code profile}, if they are a member. */
  public Optional<ProfileRole> role(String profile, String userId) {
    return Rows.call(
        "read member",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT role FROM profile_member WHERE profile = :p AND user_id = :u")
                        .bind("p", profile)
                        .bind("u", userId)
                        .mapTo(String.class)
                        .findOne()
                        .flatMap(ProfileRole::parse)));
  }

  /** The members of a profile, owner first, then by role and id. */
  public List<Member> ofProfile(String profile) {
    return list("profile = :v", profile).stream()
        .sorted(Comparator.comparing(Member::role).thenComparing(Member::userId))
        .toList();
  }

  /** Every membership of a user, by profile name. */
  public List<Member> ofUser(String userId) {
    return list("user_id = :v", userId).stream()
        .sorted(Comparator.comparing(Member::profile))
        .toList();
  }

  private List<Member> list(String where, String value) {
    return Rows.call(
        "list members",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM profile_member WHERE " + where)
                        .bind("v", value)
                        .map(MemberRepository::map)
                        .list()));
  }

  private static Member map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Member(
        rs.getString("profile"),
        rs.getString("user_id"),
        ProfileRole.parse(rs.getString("role")).orElse(ProfileRole.VIEW),
        rs.getString("added_by"),
        Rows.instant(rs, "added_at"));
  }
}
