package dev.skiff.store;

import dev.skiff.store.identity.ProfileQuota;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ProfileRepository} over JDBI, with SQL that runs unchanged on H2 and PostgreSQL. */
public final class JdbiProfileRepository implements ProfileRepository {

  private final Jdbi jdbi;

  /** Creates a repository over the given JDBI (normally {@link Database#jdbi()}). */
  public JdbiProfileRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public Profile create(Profile profile) {
    Objects.requireNonNull(profile, "profile");
    try {
      // The owner is a member too (role owner), in the same transaction.
      jdbi.useTransaction(
          h -> {
            h.createUpdate(
                    "INSERT INTO profile (name, owner, description, created_at)"
                        + " VALUES (:name, :owner, :description, :createdAt)")
                .bind("name", profile.name())
                .bind("owner", profile.owner())
                .bind("description", profile.description())
                // OffsetDateTime maps to TIMESTAMP WITH TIME ZONE in both drivers; always UTC.
                .bind("createdAt", profile.createdAt().atOffset(ZoneOffset.UTC))
                .execute();
            h.createUpdate(
                    "INSERT INTO profile_member (profile, user_id, role, added_by, added_at)"
                        + " VALUES (:name, :owner, 'owner', :owner, :createdAt)")
                .bind("name", profile.name())
                .bind("owner", profile.owner())
                .bind("createdAt", profile.createdAt().atOffset(ZoneOffset.UTC))
                .execute();
          });
      return profile;
    } catch (JdbiException e) {
      if (StoreErrors.isUniqueViolation(e)) {
        throw new AlreadyExistsException("profile \"" + profile.name() + "\" already exists", e);
      }
      throw failure("create profile \"" + profile.name() + "\"", e);
    }
  }

  @Override
  public boolean createIfAbsent(Profile profile) {
    // Insert-and-catch rather than check-then-insert: it is also right when two callers race.
    // (ON CONFLICT DO NOTHING would avoid the server-side error but needs H2's PostgreSQL mode.)
    try {
      create(profile);
      return true;
    } catch (AlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public Optional<Profile> find(String name) {
    if (!ProfileName.isValid(name)) {
      return Optional.empty();
    }
    return call(
        "find profile \"" + name + "\"",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT name, owner, description, created_at FROM profile"
                                + " WHERE name = :name")
                        .bind("name", name)
                        .map(JdbiProfileRepository::map)
                        .findOne()));
  }

  @Override
  public List<Profile> list() {
    List<Profile> all =
        call(
            "list profiles",
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery("SELECT name, owner, description, created_at FROM profile")
                            .map(JdbiProfileRepository::map)
                            .list()));
    // Sorted here, not by ORDER BY: PostgreSQL orders text by the database's collation (where
    // "a-c" may sort after "ab"), H2 by character code. Profiles are few; one order everywhere.
    return all.stream().sorted(Comparator.comparing(Profile::name)).toList();
  }

  @Override
  public boolean delete(String name) {
    if (!ProfileName.isValid(name)) {
      return false;
    }
    return call(
        "delete profile \"" + name + "\"",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate("DELETE FROM profile WHERE name = :name")
                            .bind("name", name)
                            .execute())
                > 0);
  }

  @Override
  public ProfileQuota quota(String name) {
    if (!ProfileName.isValid(name)) {
      return ProfileQuota.NONE;
    }
    return call(
        "read quota of profile \"" + name + "\"",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT quota_steps, quota_cpu_millis, quota_memory_bytes, quota_gpus,"
                                + " quota_notebooks FROM profile WHERE name = :name")
                        .bind("name", name)
                        .map(
                            (rs, ctx) ->
                                new ProfileQuota(
                                    rs.getObject("quota_steps", Integer.class),
                                    rs.getObject("quota_cpu_millis", Long.class),
                                    rs.getObject("quota_memory_bytes", Long.class),
                                    rs.getObject("quota_gpus", Integer.class),
                                    rs.getObject("quota_notebooks", Integer.class)))
                        .findOne()
                        .orElse(ProfileQuota.NONE)));
  }

  @Override
  public boolean setQuota(String name, ProfileQuota quota) {
    if (!ProfileName.isValid(name)) {
      return false;
    }
    return call(
        "set quota of profile \"" + name + "\"",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE profile SET quota_steps = :steps, quota_cpu_millis = :cpu,"
                                    + " quota_memory_bytes = :mem, quota_gpus = :gpus,"
                                    + " quota_notebooks = :nb WHERE name = :name")
                            .bindByType("steps", quota.steps(), Integer.class)
                            .bindByType("cpu", quota.cpuMillis(), Long.class)
                            .bindByType("mem", quota.memoryBytes(), Long.class)
                            .bindByType("gpus", quota.gpus(), Integer.class)
                            .bindByType("nb", quota.notebooks(), Integer.class)
                            .bind("name", name)
                            .execute())
                > 0);
  }

  private static Profile map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Profile(
        rs.getString("name"),
        rs.getString("owner"),
        rs.getString("description"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException e) {
      throw failure(action, e);
    }
  }

  private static StoreException failure(String action, Exception e) {
    return new StoreException("cannot " + action + ": " + StoreErrors.reason(e), e);
  }
}
