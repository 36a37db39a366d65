package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ExperimentRepository} over JDBI; SQL portable between H2 and PostgreSQL. */
public final class JdbiExperimentRepository implements ExperimentRepository {
  private static final String COLUMNS =
      "id, profile, display_name, description, storage_state, created_at, last_run_created_at";

  private final Jdbi jdbi;

  public JdbiExperimentRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void create(StoredExperiment e) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO experiment ("
                          + COLUMNS
                          + ") VALUES (:id, :profile, :displayName, :description, :storageState,"
                          + " :createdAt, :lastRun)")
                  .bind("id", e.id())
                  .bind("profile", e.profile())
                  .bind("displayName", e.displayName())
                  .bind("description", e.description())
                  .bind("storageState", e.storageState())
                  .bind("createdAt", e.createdAt().atOffset(ZoneOffset.UTC))
                  .bindByType("lastRun", time(e.lastRunCreatedAt()), OffsetDateTime.class)
                  .execute());
    } catch (JdbiException ex) {
      if (StoreErrors.isUniqueViolation(ex)) {
        throw new AlreadyExistsException(
            "experiment \""
                + e.displayName()
                + "\" already exists"
                + (e.profile().isEmpty() ? "" : " in profile \"" + e.profile() + "\""),
            ex);
      }
      throw new StoreException(
          "cannot store experiment \"" + e.displayName() + "\": " + StoreErrors.reason(ex), ex);
    }
  }

  @Override
  public Optional<StoredExperiment> find(String id) {
    return call(
        "find experiment " + id,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM experiment WHERE id = :id")
                        .bind("id", id)
                        .map(JdbiExperimentRepository::experiment)
                        .findOne()));
  }

  @Override
  public Optional<StoredExperiment> findByName(String profile, String displayName) {
    return call(
        "find experiment \"" + displayName + "\"",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + COLUMNS
                                + " FROM experiment WHERE profile = :profile"
                                + " AND display_name = :name")
                        .bind("profile", profile)
                        .bind("name", displayName)
                        .map(JdbiExperimentRepository::experiment)
                        .findOne()));
  }

  @Override
  public Page<StoredExperiment> list(Scope scope, ListQuery query) {
    return PagedQueries.page(
        jdbi,
        "experiment",
        COLUMNS,
        CatalogFields.EXPERIMENTS,
        scope,
        query,
        JdbiExperimentRepository::experiment);
  }

  @Override
  public boolean archive(String id) {
    return call(
        "archive experiment " + id,
        () ->
            jdbi.inTransaction(
                h -> {
                  int n =
                      h.createUpdate(
                              "UPDATE experiment SET storage_state = 'ARCHIVED' WHERE id = :id")
                          .bind("id", id)
                          .execute();
                  if (n > 0) {
                    h.createUpdate(
                            "UPDATE run SET storage_state = 'ARCHIVED' WHERE experiment_id = :id"
                                + " AND storage_state <> 'ARCHIVED'")
                        .bind("id", id)
                        .execute();
                  }
                  return n > 0;
                }));
  }

  @Override
  public boolean unarchive(String id) {
    return call(
        "unarchive experiment " + id,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE experiment SET storage_state = 'AVAILABLE' WHERE id = :id")
                            .bind("id", id)
                            .execute())
                > 0);
  }

  @Override
  public boolean delete(String id) {
    return call(
        "delete experiment " + id,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate("DELETE FROM experiment WHERE id = :id")
                            .bind("id", id)
                            .execute())
                > 0);
  }

  private static StoredExperiment experiment(ResultSet rs, StatementContext ctx)
      throws SQLException {
    OffsetDateTime last = rs.getObject("last_run_created_at", OffsetDateTime.class);
    return new StoredExperiment(
        rs.getString("id"),
        rs.getString("profile"),
        rs.getString("display_name"),
        rs.getString("description"),
        rs.getString("storage_state"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        last == null ? null : last.toInstant());
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
