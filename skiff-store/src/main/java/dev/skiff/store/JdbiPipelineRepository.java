package dev.skiff.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link PipelineRepository} over JDBI; SQL portable between H2 and PostgreSQL. */
public final class JdbiPipelineRepository implements PipelineRepository {
  private static final String PIPELINE_COLUMNS =
      "id, profile, name, display_name, description, created_at";

  private final Jdbi jdbi;

  public JdbiPipelineRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void create(StoredPipeline p, StoredPipelineVersion v) {
    if (!p.id().equals(v.pipelineId())) {
      throw new IllegalArgumentException("version belongs to another pipeline");
    }
    try {
      jdbi.useTransaction(
          h -> {
            h.createUpdate(
                    "INSERT INTO pipeline ("
                        + PIPELINE_COLUMNS
                        + ") VALUES"
                        + " (:id, :profile, :name, :displayName, :description, :createdAt)")
                .bind("id", p.id())
                .bind("profile", p.profile())
                .bind("name", p.name())
                .bind("displayName", p.displayName())
                .bind("description", p.description())
                .bind("createdAt", p.createdAt().atOffset(ZoneOffset.UTC))
                .execute();
            h.createUpdate(
                    "INSERT INTO pipeline_version (id, pipeline_id, name, description, spec,"
                        + " created_at) VALUES (:id, :pipelineId, :name, :description, :spec,"
                        + " :createdAt)")
                .bind("id", v.id())
                .bind("pipelineId", v.pipelineId())
                .bind("name", v.name())
                .bind("description", v.description())
                .bind("spec", v.spec())
                .bind("createdAt", v.createdAt().atOffset(ZoneOffset.UTC))
                .execute();
          });
    } catch (JdbiException e) {
      if (StoreErrors.isUniqueViolation(e)) {
        throw new AlreadyExistsException(
            "pipeline \"" + p.name() + "\" already exists in profile \"" + p.profile() + "\"", e);
      }
      throw new StoreException(
          "cannot store pipeline \"" + p.name() + "\": " + StoreErrors.reason(e), e);
    }
  }

  @Override
  public Optional<StoredPipeline> find(String id) {
    return call(
        "find pipeline " + id,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + PIPELINE_COLUMNS + " FROM pipeline WHERE id = :id")
                        .bind("id", id)
                        .map(JdbiPipelineRepository::pipeline)
                        .findOne()));
  }

  @Override
  public Optional<StoredPipeline> findByName(String profile, String name) {
    return call(
        "find pipeline \"" + name + "\"",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + PIPELINE_COLUMNS
                                + " FROM pipeline WHERE profile = :profile AND name = :name")
                        .bind("profile", profile)
                        .bind("name", name)
                        .map(JdbiPipelineRepository::pipeline)
                        .findOne()));
  }

  @Override
  public List<StoredPipeline> list(String profile) {
    return call(
        "list pipelines of \"" + profile + "\"",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + PIPELINE_COLUMNS
                                + " FROM pipeline WHERE profile = :profile ORDER BY name, id")
                        .bind("profile", profile)
                        .map(JdbiPipelineRepository::pipeline)
                        .list()));
  }

  @Override
  public List<StoredPipelineVersion> versions(String pipelineId) {
    return call(
        "list versions of pipeline " + pipelineId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT id, pipeline_id, name, description, spec, created_at FROM"
                                + " pipeline_version WHERE pipeline_id = :id ORDER BY created_at,"
                                + " id")
                        .bind("id", pipelineId)
                        .map(JdbiPipelineRepository::version)
                        .list()));
  }

  private static StoredPipeline pipeline(ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredPipeline(
        rs.getString("id"),
        rs.getString("profile"),
        rs.getString("name"),
        rs.getString("display_name"),
        rs.getString("description"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private static StoredPipelineVersion version(ResultSet rs, StatementContext ctx)
      throws SQLException {
    return new StoredPipelineVersion(
        rs.getString("id"),
        rs.getString("pipeline_id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("spec"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  private static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException e) {
      throw new StoreException("cannot " + action + ": " + StoreErrors.reason(e), e);
    }
  }
}
