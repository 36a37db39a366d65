package dev.skiff.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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

/** {@link RetentionRepository} over JDBI; SQL portable between H2 and PostgreSQL. */
public final class JdbiRetentionRepository implements RetentionRepository {
  /** The states after which nothing changes; any other state keeps a run out of retention. */
  private static final String FINISHED = "'SUCCEEDED', 'SKIPPED', 'FAILED', 'CANCELED'";

  private static final String COLUMNS = "id, profile, pipeline_name, created_at, finished_at";

  private final Jdbi jdbi;

  /** A repository over the given JDBI (normally {@link Database#jdbi()}). */
  public JdbiRetentionRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public List<String> runProfiles() {
    return call(
        "list the profiles that have runs",
        () ->
            jdbi.withHandle(
                h ->
                    h
                        .createQuery("SELECT DISTINCT profile FROM run")
                        .mapTo(String.class)
                        .list()
                        .stream()
                        .sorted()
                        .toList()));
  }

  @Override
  public List<FinishedRun> finishedBefore(String profile, Instant cutoff, int limit) {
    return call(
        "list runs finished before " + cutoff,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM run WHERE profile = :profile AND state IN ("
                                + FINISHED
                                + ") AND finished_at < :cutoff"
                                + " ORDER BY finished_at, id LIMIT :limit")
                        .bind("profile", profile)
                        .bind("cutoff", time(cutoff))
                        .bind("limit", limit)
                        .map(JdbiRetentionRepository::finishedRun)
                        .list()));
  }

  @Override
  public List<FinishedRun> beyondNewest(String profile, int keep, int limit) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be 1 or more, got " + keep);
    }
    return call(
        "list runs beyond the newest " + keep + " of each pipeline",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM (SELECT "
                                + COLUMNS
                                + ", ROW_NUMBER() OVER (PARTITION BY pipeline_name"
                                + " ORDER BY created_at DESC, id DESC) AS rank_in_pipeline"
                                + " FROM run WHERE profile = :profile AND state IN ("
                                + FINISHED
                                + ")) ranked WHERE rank_in_pipeline > :keep"
                                + " ORDER BY created_at, id LIMIT :limit")
                        .bind("profile", profile)
                        .bind("keep", keep)
                        .bind("limit", limit)
                        .map(JdbiRetentionRepository::finishedRun)
                        .list()));
  }

  @Override
  public List<FinishedRun> logsBefore(String profile, Instant cutoff, int limit) {
    return call(
        "list runs whose logs expired before " + cutoff,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM run WHERE profile = :profile AND state IN ("
                                + FINISHED
                                + ") AND finished_at < :cutoff AND logs_deleted_at IS NULL"
                                + " ORDER BY finished_at, id LIMIT :limit")
                        .bind("profile", profile)
                        .bind("cutoff", time(cutoff))
                        .bind("limit", limit)
                        .map(JdbiRetentionRepository::finishedRun)
                        .list()));
  }

  @Override
  public void markLogsDeleted(String runId, Instant at) {
    call(
        "record that the logs of run " + runId + " are deleted",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate("UPDATE run SET logs_deleted_at = :at WHERE id = :id")
                        .bind("id", runId)
                        .bind("at", time(at))
                        .execute()));
  }

  @Override
  public Optional<ProfileRetention> find(String profile) {
    if (!ProfileName.isValid(profile)) {
      return Optional.empty();
    }
    return call(
        "read the retention of profile \"" + profile + "\"",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT profile, run_days, log_days, runs_per_pipeline"
                                + " FROM profile_retention WHERE profile = :profile")
                        .bind("profile", profile)
                        .map(JdbiRetentionRepository::retention)
                        .findOne()));
  }

  @Override
  public List<ProfileRetention> list() {
    List<ProfileRetention> all =
        call(
            "list profile retention",
            () ->
                jdbi.withHandle(
                    h ->
                        h.createQuery(
                                "SELECT profile, run_days, log_days, runs_per_pipeline"
                                    + " FROM profile_retention")
                            .map(JdbiRetentionRepository::retention)
                            .list()));
    // Sorted here: PostgreSQL would order names by its collation, H2 by character code.
    return all.stream().sorted(Comparator.comparing(ProfileRetention::profile)).toList();
  }

  @Override
  public boolean put(ProfileRetention r) {
    Objects.requireNonNull(r, "retention");
    return call(
        "store the retention of profile \"" + r.profile() + "\"",
        () ->
            jdbi.inTransaction(
                h -> {
                  boolean exists =
                      h.createQuery("SELECT COUNT(*) FROM profile WHERE name = :name")
                              .bind("name", r.profile())
                              .mapTo(Integer.class)
                              .one()
                          > 0;
                  if (!exists) {
                    return false;
                  }
                  int updated =
                      h.createUpdate(
                              "UPDATE profile_retention SET run_days = :runDays,"
                                  + " log_days = :logDays, runs_per_pipeline = :runsPerPipeline"
                                  + " WHERE profile = :profile")
                          .bindMethods(r)
                          .execute();
                  if (updated == 0) {
                    h.createUpdate(
                            "INSERT INTO profile_retention"
                                + " (profile, run_days, log_days, runs_per_pipeline)"
                                + " VALUES (:profile, :runDays, :logDays, :runsPerPipeline)")
                        .bindMethods(r)
                        .execute();
                  }
                  return true;
                }));
  }

  @Override
  public boolean remove(String profile) {
    if (!ProfileName.isValid(profile)) {
      return false;
    }
    return call(
        "remove the retention of profile \"" + profile + "\"",
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate("DELETE FROM profile_retention WHERE profile = :profile")
                            .bind("profile", profile)
                            .execute())
                > 0);
  }

  private static OffsetDateTime time(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static FinishedRun finishedRun(ResultSet rs, StatementContext ctx) throws SQLException {
    return new FinishedRun(
        rs.getString("id"),
        rs.getString("profile"),
        rs.getString("pipeline_name"),
        instant(rs, "created_at"),
        instant(rs, "finished_at"));
  }

  private static ProfileRetention retention(ResultSet rs, StatementContext ctx)
      throws SQLException {
    return new ProfileRetention(
        rs.getString("profile"),
        integer(rs, "run_days"),
        integer(rs, "log_days"),
        integer(rs, "runs_per_pipeline"));
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException e) {
      throw new StoreException("cannot " + action + ": " + StoreErrors.reason(e), e);
    }
  }
}
