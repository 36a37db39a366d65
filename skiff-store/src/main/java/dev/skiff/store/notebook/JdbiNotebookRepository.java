package dev.skiff.store.notebook;

import dev.skiff.store.AlreadyExistsException;
import dev.skiff.store.StoreErrors;
import dev.skiff.store.StoreException;
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
import org.jdbi.v3.core.statement.Update;

/** {@link NotebookRepository} over JDBI; SQL portable between H2 and PostgreSQL. */
public final class JdbiNotebookRepository implements NotebookRepository {
  private static final String COLUMNS =
      "profile, name, environment, server_kind, cpu_millis, memory_bytes, gpu_vendor, gpu_count,"
          + " spec_details, desired, status, reason, launcher_handle, gpu_ids, limits_note,"
          + " created_by, created_at, status_since, last_activity, version";

  private final Jdbi jdbi;

  /** Over {@code jdbi}. */
  public JdbiNotebookRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  @Override
  public void create(StoredNotebook n) {
    try {
      jdbi.useHandle(
          h ->
              bind(
                      h.createUpdate(
                          "INSERT INTO notebook ("
                              + COLUMNS
                              + ") VALUES (:profile, :name, :environment, :serverKind,"
                              + " :cpuMillis, :memoryBytes, :gpuVendor, :gpuCount, :specDetails,"
                              + " :desired, :status, :reason, :handle, :gpuIds, :limits,"
                              + " :createdBy, :createdAt, :statusSince, :lastActivity, :version)"),
                      n)
                  .execute());
    } catch (JdbiException e) {
      if (StoreErrors.isUniqueViolation(e)) {
        throw new AlreadyExistsException(
            "profile '" + n.profile() + "' has a notebook named '" + n.name() + "'", e);
      }
      throw failure("store notebook " + n.profile() + "/" + n.name(), e);
    }
  }

  @Override
  public boolean profileExists(String profile) {
    return call(
        "find profile " + profile,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM profile WHERE name = :p")
                            .bind("p", profile)
                            .mapTo(Integer.class)
                            .one()
                        > 0));
  }

  @Override
  public Optional<StoredNotebook> find(String profile, String name) {
    return call(
        "find notebook " + profile + "/" + name,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT " + COLUMNS + " FROM notebook WHERE profile = :p AND name = :n")
                        .bind("p", profile)
                        .bind("n", name)
                        .map(JdbiNotebookRepository::notebook)
                        .findOne()));
  }

  @Override
  public List<StoredNotebook> list(String profile) {
    return call(
        "list the notebooks of " + profile,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT " + COLUMNS + " FROM notebook WHERE profile = :p ORDER BY name")
                        .bind("p", profile)
                        .map(JdbiNotebookRepository::notebook)
                        .list()));
  }

  @Override
  public List<StoredNotebook> all() {
    return call(
        "list notebooks",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + COLUMNS + " FROM notebook ORDER BY profile, name")
                        .map(JdbiNotebookRepository::notebook)
                        .list()));
  }

  @Override
  public Optional<StoredNotebook> update(StoredNotebook n) {
    int changed =
        call(
            "update notebook " + n.profile() + "/" + n.name(),
            () ->
                jdbi.withHandle(
                    h ->
                        bind(
                                h.createUpdate(
                                    "UPDATE notebook SET environment = :environment,"
                                        + " server_kind = :serverKind, cpu_millis = :cpuMillis,"
                                        + " memory_bytes = :memoryBytes, gpu_vendor = :gpuVendor,"
                                        + " gpu_count = :gpuCount, spec_details = :specDetails,"
                                        + " desired = :desired, status = :status,"
                                        + " reason = :reason, launcher_handle = :handle,"
                                        + " gpu_ids = :gpuIds, limits_note = :limits,"
                                        + " status_since = :statusSince,"
                                        + " last_activity = :lastActivity,"
                                        + " version = :version + 1"
                                        + " WHERE profile = :profile AND name = :name"
                                        + " AND version = :version"),
                                n)
                            .execute()));
    if (changed == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new StoredNotebook(
            n.profile(),
            n.name(),
            n.environment(),
            n.serverKind(),
            n.cpuMillis(),
            n.memoryBytes(),
            n.gpuVendor(),
            n.gpuCount(),
            n.specDetails(),
            n.desired(),
            n.status(),
            n.reason(),
            n.handle(),
            n.gpuIds(),
            n.limits(),
            n.createdBy(),
            n.createdAt(),
            n.statusSince(),
            n.lastActivity(),
            n.version() + 1));
  }

  @Override
  public boolean delete(String profile, String name) {
    return call(
        "delete notebook " + profile + "/" + name,
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate("DELETE FROM notebook_event WHERE profile = :p AND name = :n")
                      .bind("p", profile)
                      .bind("n", name)
                      .execute();
                  return h.createUpdate("DELETE FROM notebook WHERE profile = :p AND name = :n")
                          .bind("p", profile)
                          .bind("n", name)
                          .execute()
                      > 0;
                }));
  }

  @Override
  public void appendEvent(String profile, String name, StoredNotebookEvent e) {
    call(
        "record an event of notebook " + profile + "/" + name,
        () ->
            jdbi.inTransaction(
                h -> {
                  int inserted =
                      h.createUpdate(
                              "INSERT INTO notebook_event (profile, name, at, type, reason,"
                                  + " message) SELECT profile, name, :at, :type, :reason, :message"
                                  + " FROM notebook WHERE profile = :p AND name = :n")
                          .bind("p", profile)
                          .bind("n", name)
                          .bindByType("at", time(e.at()), OffsetDateTime.class)
                          .bind("type", e.type())
                          .bind("reason", e.reason())
                          .bind("message", clip(e.message()))
                          .execute();
                  if (inserted > 0) {
                    // the id of the oldest event to keep; older ones go
                    Optional<Long> keepFrom =
                        h.createQuery(
                                "SELECT id FROM notebook_event WHERE profile = :p AND name = :n"
                                    + " ORDER BY id DESC LIMIT 1 OFFSET :keep")
                            .bind("p", profile)
                            .bind("n", name)
                            .bind("keep", MAX_EVENTS - 1)
                            .mapTo(Long.class)
                            .findOne();
                    keepFrom.ifPresent(
                        id ->
                            h.createUpdate(
                                    "DELETE FROM notebook_event WHERE profile = :p AND name = :n"
                                        + " AND id < :id")
                                .bind("p", profile)
                                .bind("n", name)
                                .bind("id", id)
                                .execute());
                  }
                  return inserted;
                }));
  }

  @Override
  public List<StoredNotebookEvent> events(String profile, String name) {
    return call(
        "read the events of notebook " + profile + "/" + name,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT at, type, reason, message FROM notebook_event"
                                + " WHERE profile = :p AND name = :n ORDER BY id")
                        .bind("p", profile)
                        .bind("n", name)
                        .map(
                            (rs, ctx) ->
                                new StoredNotebookEvent(
                                    instant(rs, "at"),
                                    rs.getString("type"),
                                    rs.getString("reason"),
                                    rs.getString("message")))
                        .list()));
  }

  private static Update bind(Update u, StoredNotebook n) {
    return u.bind("profile", n.profile())
        .bind("name", n.name())
        .bind("environment", n.environment())
        .bind("serverKind", n.serverKind())
        .bind("cpuMillis", n.cpuMillis())
        .bind("memoryBytes", n.memoryBytes())
        .bind("gpuVendor", n.gpuVendor())
        .bind("gpuCount", n.gpuCount())
        .bind("specDetails", n.specDetails())
        .bind("desired", n.desired())
        .bind("status", n.status())
        .bind("reason", clip(n.reason()))
        .bindByType("handle", n.handle(), String.class)
        .bind("gpuIds", n.gpuIds())
        .bind("limits", n.limits().length() > 1000 ? n.limits().substring(0, 1000) : n.limits())
        .bind("createdBy", n.createdBy())
        .bindByType("createdAt", time(n.createdAt()), OffsetDateTime.class)
        .bindByType("statusSince", time(n.statusSince()), OffsetDateTime.class)
        .bindByType("lastActivity", time(n.lastActivity()), OffsetDateTime.class)
        .bind("version", n.version());
  }

  private static StoredNotebook notebook(ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredNotebook(
        rs.getString("profile"),
        rs.getString("name"),
        rs.getString("environment"),
        rs.getString("server_kind"),
        rs.getLong("cpu_millis"),
        rs.getLong("memory_bytes"),
        rs.getString("gpu_vendor"),
        rs.getInt("gpu_count"),
        rs.getString("spec_details"),
        rs.getString("desired"),
        rs.getString("status"),
        rs.getString("reason"),
        rs.getString("launcher_handle"),
        rs.getString("gpu_ids"),
        rs.getString("limits_note"),
        rs.getString("created_by"),
        instant(rs, "created_at"),
        instant(rs, "status_since"),
        instant(rs, "last_activity"),
        rs.getLong("version"));
  }

  /** Messages are one line of at most 4000 characters. */
  private static String clip(String s) {
    return s == null ? "" : s.length() > 4000 ? s.substring(0, 4000) : s;
  }

  private static OffsetDateTime time(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException e) {
      throw failure(action, e);
    }
  }

  private static StoreException failure(String action, JdbiException e) {
    return new StoreException("cannot " + action + ": " + StoreErrors.reason(e), e);
  }
}
