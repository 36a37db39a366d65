package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link RecurringRunRepository} over JDBI; SQL portable between H2 and PostgreSQL. */
public final class JdbiRecurringRunRepository implements RecurringRunRepository {
  private static final String COLUMNS =
      "id, profile, display_name, description, experiment_id, pipeline_id, pipeline_version_id,"
          + " pipeline_spec, parameters, pipeline_root, service_account, cron, interval_seconds,"
          + " start_time, end_time, max_concurrency, no_catchup, mode, created_at, updated_at,"
          + " next_fire_at, last_fired_at";

  private final Jdbi jdbi;

  public JdbiRecurringRunRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void create(StoredRecurringRun r) {
    call(
        "store recurring run \"" + r.displayName() + "\"",
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO recurring_run ("
                                + COLUMNS
                                + ") VALUES (:id, :profile, :displayName, :description,"
                                + " :experimentId, :pipelineId, :pipelineVersionId, :pipelineSpec,"
                                + " :parameters, :pipelineRoot, :serviceAccount, :cron,"
                                + " :intervalSeconds, :startTime, :endTime, :maxConcurrency,"
                                + " :noCatchup, :mode, :createdAt, :updatedAt, :nextFireAt,"
                                + " :lastFiredAt)")
                        .bind("id", r.id())
                        .bind("profile", r.profile())
                        .bind("displayName", r.displayName())
                        .bind("description", r.description())
                        .bind("experimentId", r.experimentId())
                        .bind("pipelineId", r.pipelineId())
                        .bind("pipelineVersionId", r.pipelineVersionId())
                        .bindByType("pipelineSpec", r.pipelineSpec(), String.class)
                        .bind("parameters", r.parameters())
                        .bind("pipelineRoot", r.pipelineRoot())
                        .bind("serviceAccount", r.serviceAccount())
                        .bindByType("cron", r.cron(), String.class)
                        .bindByType("intervalSeconds", r.intervalSeconds(), Long.class)
                        .bindByType("startTime", time(r.startTime()), OffsetDateTime.class)
                        .bindByType("endTime", time(r.endTime()), OffsetDateTime.class)
                        .bind("maxConcurrency", r.maxConcurrency())
                        .bind("noCatchup", r.noCatchup())
                        .bind("mode", r.mode())
                        .bindByType("createdAt", time(r.createdAt()), OffsetDateTime.class)
                        .bindByType("updatedAt", time(r.updatedAt()), OffsetDateTime.class)
                        .bindByType("nextFireAt", time(r.nextFireAt()), OffsetDateTime.class)
                        .bindByType("lastFiredAt", time(r.lastFiredAt()), OffsetDateTime.class)
                        .execute()));
  }

  @Override
  public Optional<StoredRecurringRun> find(String id) {
    return call(
        "find recurring run " + id,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM recurring_run WHERE id = :id")
                        .bind("id", id)
                        .map(JdbiRecurringRunRepository::recurringRun)
                        .findOne()));
  }

  @Override
  public Page<StoredRecurringRun> list(Scope scope, ListQuery query) {
    return PagedQueries.page(
        jdbi,
        "recurring_run",
        COLUMNS,
        CatalogFields.RECURRING_RUNS,
        scope,
        query,
        JdbiRecurringRunRepository::recurringRun);
  }

  @Override
  public boolean setMode(String id, String mode, Instant nextFireAt, Instant updatedAt) {
    return call(
        "update recurring run " + id,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE recurring_run SET mode = :mode, next_fire_at = :next,"
                                    + " updated_at = :at WHERE id = :id")
                            .bind("id", id)
                            .bind("mode", mode)
                            .bindByType("next", time(nextFireAt), OffsetDateTime.class)
                            .bindByType("at", time(updatedAt), OffsetDateTime.class)
                            .execute())
                > 0);
  }

  @Override
  public boolean delete(String id) {
    return call(
        "delete recurring run " + id,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate("DELETE FROM recurring_run WHERE id = :id")
                            .bind("id", id)
                            .execute())
                > 0);
  }

  @Override
  public List<StoredRecurringRun> due(Instant now, int limit) {
    return call(
        "find due recurring runs",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM recurring_run WHERE mode = 'ENABLE'"
                                + " AND next_fire_at <= :now ORDER BY next_fire_at, id"
                                + " LIMIT :limit")
                        .bindByType("now", time(now), OffsetDateTime.class)
                        .bind("limit", limit)
                        .map(JdbiRecurringRunRepository::recurringRun)
                        .list()));
  }

  @Override
  public boolean claimTick(String id, Instant due, Instant fired, Instant next) {
    return call(
        "claim a tick of recurring run " + id,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE recurring_run SET next_fire_at = :next,"
                                    + " last_fired_at = :fired WHERE id = :id"
                                    + " AND mode = 'ENABLE' AND next_fire_at = :due")
                            .bind("id", id)
                            .bindByType("due", time(due), OffsetDateTime.class)
                            .bindByType("fired", time(fired), OffsetDateTime.class)
                            .bindByType("next", time(next), OffsetDateTime.class)
                            .execute())
                == 1);
  }

  @Override
  public int unfinishedRuns(String id) {
    return call(
        "count the runs of recurring run " + id,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT COUNT(*) FROM run WHERE recurring_run_id = :id"
                                + " AND state IN ('PENDING', 'RUNNING', 'CANCELING')")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one()));
  }

  private static StoredRecurringRun recurringRun(ResultSet rs, StatementContext ctx)
      throws SQLException {
    long interval = rs.getLong("interval_seconds");
    Long intervalSeconds = rs.wasNull() ? null : interval;
    return new StoredRecurringRun(
        rs.getString("id"),
        rs.getString("profile"),
        rs.getString("display_name"),
        rs.getString("description"),
        rs.getString("experiment_id"),
        rs.getString("pipeline_id"),
        rs.getString("pipeline_version_id"),
        rs.getString("pipeline_spec"),
        rs.getString("parameters"),
        rs.getString("pipeline_root"),
        rs.getString("service_account"),
        rs.getString("cron"),
        intervalSeconds,
        instant(rs, "start_time"),
        instant(rs, "end_time"),
        rs.getInt("max_concurrency"),
        rs.getBoolean("no_catchup"),
        rs.getString("mode"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "next_fire_at"),
        instant(rs, "last_fired_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime time(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException e) {
      throw new StoreException("cannot " + action + ": " + StoreErrors.reason(e), e);
    }
  }
}
