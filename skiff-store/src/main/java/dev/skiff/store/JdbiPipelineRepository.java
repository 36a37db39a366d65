package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link PipelineRepository} over JDBI; SQL portable between H2 and PostgreSQL. */
public final class JdbiPipelineRepository implements PipelineRepository {
  private static final String PIPELINE_COLUMNS =
      "id, profile, name, display_name, description, created_at";
  private static final String VERSION_COLUMNS =
      "id, pipeline_id, name, display_name, description, spec, created_at, code_source_url,"
          + " package_url";

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
            insertPipeline(h, p);
            insertVersion(h, v);
          });
    } catch (JdbiException e) {
      throw failure(p, e);
    }
  }

  @Override
  public void create(StoredPipeline p) {
    try {
      jdbi.useHandle(h -> insertPipeline(h, p));
    } catch (JdbiException e) {
      throw failure(p, e);
    }
  }

  @Override
  public void createVersion(StoredPipelineVersion v) {
    try {
      jdbi.useHandle(h -> insertVersion(h, v));
    } catch (JdbiException e) {
      if (StoreErrors.isUniqueViolation(e)) {
        throw new AlreadyExistsException(
            "the pipeline already has a version named \"" + v.name() + "\"", e);
      }
      throw new StoreException(
          "cannot store pipeline version \"" + v.name() + "\": " + StoreErrors.reason(e), e);
    }
  }

  private static StoreException failure(StoredPipeline p, JdbiException e) {
    if (StoreErrors.isUniqueViolation(e)) {
      return new AlreadyExistsException(
          "pipeline \"" + p.name() + "\" already exists in profile \"" + p.profile() + "\"", e);
    }
    return new StoreException(
        "cannot store pipeline \"" + p.name() + "\": " + StoreErrors.reason(e), e);
  }

  private static void insertPipeline(Handle h, StoredPipeline p) {
    h.createUpdate(
            "INSERT INTO pipeline ("
                + PIPELINE_COLUMNS
                + ") VALUES (:id, :profile, :name, :displayName, :description, :createdAt)")
        .bind("id", p.id())
        .bind("profile", p.profile())
        .bind("name", p.name())
        .bind("displayName", p.displayName())
        .bind("description", p.description())
        .bind("createdAt", p.createdAt().atOffset(ZoneOffset.UTC))
        .execute();
  }

  private static void insertVersion(Handle h, StoredPipelineVersion v) {
    h.createUpdate(
            "INSERT INTO pipeline_version ("
                + VERSION_COLUMNS
                + ") VALUES (:id, :pipelineId, :name, :displayName, :description, :spec,"
                + " :createdAt, :codeSourceUrl, :packageUrl)")
        .bind("id", v.id())
        .bind("pipelineId", v.pipelineId())
        .bind("name", v.name())
        .bind("displayName", v.displayName())
        .bind("description", v.description())
        .bind("spec", v.spec())
        .bind("createdAt", v.createdAt().atOffset(ZoneOffset.UTC))
        .bind("codeSourceUrl", v.codeSourceUrl())
        .bind("packageUrl", v.packageUrl())
        .execute();
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
                            "SELECT "
                                + VERSION_COLUMNS
                                + " FROM pipeline_version WHERE pipeline_id = :id"
                                + " ORDER BY created_at, id")
                        .bind("id", pipelineId)
                        .map(JdbiPipelineRepository::version)
                        .list()));
  }

  @Override
  public Page<StoredPipeline> list(Scope scope, ListQuery query) {
    return PagedQueries.page(
        jdbi,
        "pipeline",
        PIPELINE_COLUMNS,
        CatalogFields.PIPELINES,
        scope,
        query,
        JdbiPipelineRepository::pipeline);
  }

  @Override
  public Page<StoredPipelineVersion> listVersions(Scope scope, ListQuery query) {
    return PagedQueries.page(
        jdbi,
        "pipeline_version",
        VERSION_COLUMNS,
        CatalogFields.PIPELINE_VERSIONS,
        scope,
        query,
        JdbiPipelineRepository::version);
  }

  @Override
  public Optional<StoredPipelineVersion> findVersion(String versionId) {
    return call(
        "find pipeline version " + versionId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT " + VERSION_COLUMNS + " FROM pipeline_version WHERE id = :id")
                        .bind("id", versionId)
                        .map(JdbiPipelineRepository::version)
                        .findOne()));
  }

  @Override
  public Optional<StoredPipelineVersion> latestVersion(String pipelineId) {
    return call(
        "find the newest version of pipeline " + pipelineId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + VERSION_COLUMNS
                                + " FROM pipeline_version WHERE pipeline_id = :id"
                                + " ORDER BY created_at DESC, id DESC LIMIT 1")
                        .bind("id", pipelineId)
                        .map(JdbiPipelineRepository::version)
                        .findOne()));
  }

  @Override
  public boolean delete(String id) {
    return call(
        "delete pipeline " + id,
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate("DELETE FROM pipeline_version WHERE pipeline_id = :id")
                      .bind("id", id)
                      .execute();
                  return h.createUpdate("DELETE FROM pipeline WHERE id = :id")
                          .bind("id", id)
                          .execute()
                      > 0;
                }));
  }

  @Override
  public boolean deleteVersion(String versionId) {
    return call(
        "delete pipeline version " + versionId,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate("DELETE FROM pipeline_version WHERE id = :id")
                            .bind("id", versionId)
                            .execute())
                > 0);
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
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("display_name"),
        rs.getString("code_source_url"),
        rs.getString("package_url"));
  }

  private static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException e) {
      throw new StoreException("cannot " + action + ": " + StoreErrors.reason(e), e);
    }
  }
}
