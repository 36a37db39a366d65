package dev.skiff.store;

import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link RunRepository} over JDBI; SQL portable between H2 and PostgreSQL. Upserts are an UPDATE
 * followed by an INSERT when nothing was updated: one engine writes a run's rows at a time, so
 * there is no race between the two statements.
 */
public final class JdbiRunRepository implements RunRepository {
  private static final String RUN_COLUMNS =
      "id, profile, pipeline_name, display_name, spec, parameters, options, state, error,"
          + " created_at, started_at, finished_at, experiment_id, description, storage_state, recurring_run_id";

  /** A run's columns without its pipeline file, for lists. */
  private static final String SUMMARY_COLUMNS =
      "id, profile, pipeline_name, display_name, '' AS spec, parameters, options, state, error,"
          + " created_at, started_at, finished_at, experiment_id, description, storage_state, recurring_run_id";

  private static final String TASK_COLUMNS =
      "run_id, path, kind, display_name, state, inputs, outputs, fingerprint, cached, error,"
          + " created_at, started_at, finished_at";
  private static final String ATTEMPT_COLUMNS =
      "run_id, path, attempt, state, handle, exit_code, message, started_at, finished_at, runtime";
  private static final String UNFINISHED = "'PENDING', 'RUNNING', 'CANCELING'";

  private final Jdbi jdbi;
  private final RunDeletions deletions;

  public JdbiRunRepository(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.deletions = new RunDeletions(jdbi);
  }

  @Override
  public void create(StoredRun run, Lease leaseOrNull) {
    call(
        "store run " + run.id(),
        () ->
            jdbi.inTransaction(
                h -> {
                  insertRun(h, run, leaseOrNull);
                  return null;
                }));
  }

  private static void insertRun(Handle h, StoredRun run, Lease leaseOrNull) {
    bindRun(
            h.createUpdate(
                "INSERT INTO run ("
                    + RUN_COLUMNS
                    + ") VALUES (:id, :profile, :pipelineName, :displayName, :spec,"
                    + " :parameters, :options, :state, :error, :createdAt,"
                    + " :startedAt, :finishedAt, :experimentId, :description,"
                    + " :storageState, :recurringRunId)"),
            run)
        .execute();
    noteOnExperiment(h, run.experimentId(), run.createdAt());
    if (!isFinal(run.state())) {
      insertLease(h, run.id(), leaseOrNull);
    }
  }

  /** The run's lease row: held by {@code leaseOrNull}, or by nobody (any process may claim it). */
  private static void insertLease(Handle h, String runId, Lease leaseOrNull) {
    h.createUpdate(
            "INSERT INTO run_lease (run_id, owner, lease_until) VALUES (:id, :owner, :leaseUntil)")
        .bind("id", runId)
        .bind("owner", leaseOrNull == null ? null : leaseOrNull.owner())
        .bindByType(
            "leaseUntil",
            leaseOrNull == null ? null : time(leaseOrNull.until()),
            OffsetDateTime.class)
        .execute();
  }

  @Override
  public void createAll(List<StoredRun> runs, List<StoredTask> tasks) {
    for (StoredRun r : runs) {
      if (!isFinal(r.state())) {
        throw new IllegalArgumentException("run " + r.id() + " is " + r.state() + ", not final");
      }
    }
    call(
        "store " + runs.size() + " runs",
        () ->
            jdbi.inTransaction(
                h -> {
                  var runBatch =
                      h.prepareBatch(
                          "INSERT INTO run ("
                              + RUN_COLUMNS
                              + ") VALUES (:id, :profile, :pipelineName, :displayName, :spec,"
                              + " :parameters, :options, :state, :error, :createdAt,"
                              + " :startedAt, :finishedAt, :experimentId, :description,"
                              + " :storageState, :recurringRunId)");
                  for (StoredRun r : runs) {
                    bindRun(runBatch, r).add();
                  }
                  runBatch.execute();
                  var taskBatch = h.prepareBatch(INSERT_TASK);
                  for (StoredTask t : tasks) {
                    bindTask(taskBatch, t).add();
                  }
                  taskBatch.execute();
                  Map<String, Instant> newest = new HashMap<>();
                  for (StoredRun r : runs) {
                    if (r.experimentId() != null && !r.experimentId().isBlank()) {
                      newest.merge(r.experimentId(), r.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
                    }
                  }
                  newest.forEach((experiment, at) -> noteOnExperiment(h, experiment, at));
                  return null;
                }));
  }

  /**
   * Moves the experiment's {@code last_run_created_at} forward to {@code at}, in the transaction
   * that stores the run: a transaction of its own was one of the six commits of a two-step run
   * created through the API.
   */
  private static void noteOnExperiment(Handle h, String experimentId, Instant at) {
    if (experimentId == null || experimentId.isBlank()) {
      return;
    }
    h.createUpdate(
            "UPDATE experiment SET last_run_created_at = :at WHERE id = :id"
                + " AND (last_run_created_at IS NULL OR last_run_created_at < :at)")
        .bind("id", experimentId)
        .bindByType("at", time(at), OffsetDateTime.class)
        .execute();
  }

  @Override
  public void updateRun(StoredRun run) {
    call(
        "update run " + run.id(),
        () ->
            jdbi.inTransaction(
                h -> {
                  updateRunState(h, run);
                  return null;
                }));
  }

  /** The run's state and times; a run that ended has no lease any more. */
  private static void updateRunState(Handle h, StoredRun run) {
    bindRunState(
            h.createUpdate(
                "UPDATE run SET state = :state, error = :error, started_at = :startedAt,"
                    + " finished_at = :finishedAt WHERE id = :id"),
            run)
        .execute();
    if (isFinal(run.state())) {
      h.createUpdate("DELETE FROM run_lease WHERE run_id = :id").bind("id", run.id()).execute();
    }
  }

  private static boolean isFinal(String state) {
    return !UNFINISHED.contains("'" + state + "'");
  }

  @Override
  public Optional<StoredRun> find(String id) {
    return call(
        "find run " + id,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT " + RUN_COLUMNS + " FROM run WHERE id = :id")
                        .bind("id", id)
                        .map(JdbiRunRepository::run)
                        .findOne()));
  }

  @Override
  public List<StoredRun> list(String profile, int limit) {
    return call(
        "list runs",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + RUN_COLUMNS
                                + " FROM run"
                                + (profile == null ? "" : " WHERE profile = :profile")
                                + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                        .bind("profile", profile)
                        .bind("limit", limit)
                        .map(JdbiRunRepository::run)
                        .list()));
  }

  @Override
  public Page<StoredRun> list(Scope scope, ListQuery query) {
    return PagedQueries.page(
        jdbi, "run", SUMMARY_COLUMNS, CatalogFields.RUNS, scope, query, JdbiRunRepository::run);
  }

  @Override
  public boolean setStorageState(String runId, String storageState) {
    return call(
        "set the storage state of run " + runId,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate("UPDATE run SET storage_state = :s WHERE id = :id")
                            .bind("s", storageState)
                            .bind("id", runId)
                            .execute())
                > 0);
  }

  @Override
  public boolean reopen(
      StoredRun run,
      String fromState,
      Lease leaseOrNull,
      List<StoredTask> reset,
      List<String> forgotten) {
    return call(
        "reopen run " + run.id(),
        () ->
            jdbi.inTransaction(
                h -> {
                  int n =
                      bindRunState(
                              h.createUpdate(
                                  "UPDATE run SET state = :state, error = :error,"
                                      + " started_at = :startedAt, finished_at = :finishedAt"
                                      + " WHERE id = :id AND state = :from"),
                              run)
                          .bind("from", fromState)
                          .execute();
                  if (n == 0) {
                    h.rollback();
                    return false;
                  }
                  for (String path : forgotten) {
                    h.createUpdate("DELETE FROM task_attempt WHERE run_id = :id AND path = :path")
                        .bind("id", run.id())
                        .bind("path", path)
                        .execute();
                    h.createUpdate("DELETE FROM task WHERE run_id = :id AND path = :path")
                        .bind("id", run.id())
                        .bind("path", path)
                        .execute();
                  }
                  for (StoredTask t : reset) {
                    upsertTask(h, t);
                  }
                  h.createUpdate("DELETE FROM run_lease WHERE run_id = :id")
                      .bind("id", run.id())
                      .execute();
                  insertLease(h, run.id(), leaseOrNull);
                  return true;
                }));
  }

  @Override
  public long count(String profile) {
    return call(
        "count runs",
        () ->
            jdbi.withHandle(
                h ->
                    (profile == null
                            ? h.createQuery("SELECT COUNT(*) FROM run")
                            : h.createQuery("SELECT COUNT(*) FROM run WHERE profile = :profile")
                                .bind("profile", profile))
                        .mapTo(Long.class)
                        .one()));
  }

  @Override
  public List<String> unfinished() {
    return call(
        "list unfinished runs",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT id FROM run WHERE state IN ("
                                + UNFINISHED
                                + ")"
                                + " ORDER BY created_at, id")
                        .mapTo(String.class)
                        .list()));
  }

  @Override
  public List<StoredTask> tasks(String runId) {
    return call(
        "list tasks of run " + runId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + TASK_COLUMNS
                                + " FROM task WHERE run_id = :runId ORDER BY path")
                        .bind("runId", runId)
                        .map(JdbiRunRepository::task)
                        .list()));
  }

  @Override
  public List<StoredAttempt> attempts(String runId) {
    return call(
        "list attempts of run " + runId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT "
                                + ATTEMPT_COLUMNS
                                + " FROM task_attempt WHERE run_id = :runId ORDER BY path,"
                                + " attempt")
                        .bind("runId", runId)
                        .map(JdbiRunRepository::attempt)
                        .list()));
  }

  @Override
  public void saveChanges(
      String runId,
      Lease lease,
      StoredRun runOrNull,
      List<StoredTask> tasks,
      List<StoredAttempt> attempts) {
    write(
        runId,
        lease,
        "save " + tasks.size() + " tasks and " + attempts.size() + " attempts of run " + runId,
        h -> {
          for (StoredTask t : tasks) {
            upsertTask(h, t);
          }
          for (StoredAttempt a : attempts) {
            upsertAttempt(h, a);
          }
          return tasks;
        },
        runOrNull);
  }

  @Override
  public void saveChanges(String runId, Lease lease, RunChanges c) {
    boolean held =
        call(
            "save the changes of run " + runId,
            () ->
                jdbi.inTransaction(
                    h -> {
                      RunChangesWriter w = new RunChangesWriter(h.getConnection());
                      try {
                        if (!w.fence(runId, lease)) {
                          h.rollback();
                          return false;
                        }
                        w.write(c);
                      } catch (java.sql.SQLException e) {
                        throw new UncheckedSql(e);
                      }
                      for (List<StoredTask> tasks : List.of(c.newTasks(), c.changedTasks())) {
                        for (StoredTask t : tasks) {
                          if (offersCache(t)) {
                            upsertCacheEntry(h, t);
                          }
                        }
                      }
                      if (c.run() != null) {
                        updateRunState(h, c.run()); // last: it may end the lease
                      }
                      return true;
                    }));
    if (!held) {
      throw new LeaseLostException(runId, lease.owner());
    }
  }

  /** The body of a driver's write, returning the tasks it wrote (for the cache). */
  @FunctionalInterface
  private interface Rows {
    List<StoredTask> write(Handle h);
  }

  /**
   * One fenced transaction: renews the lease (or writes nothing when the caller lost it), writes
   * the rows, points cache entries at tasks that just succeeded, then the run's state.
   */
  private void write(String runId, Lease lease, String what, Rows rows, StoredRun runOrNull) {
    boolean held =
        call(
            what,
            () ->
                jdbi.inTransaction(
                    h -> {
                      int fenced =
                          h.createUpdate(
                                  "UPDATE run_lease SET lease_until = :leaseUntil"
                                      + " WHERE run_id = :id AND owner = :owner")
                              .bind("id", runId)
                              .bind("owner", lease.owner())
                              .bindByType("leaseUntil", time(lease.until()), OffsetDateTime.class)
                              .execute();
                      if (fenced == 0) {
                        h.rollback();
                        return false;
                      }
                      for (StoredTask t : rows.write(h)) {
                        if (offersCache(t)) {
                          upsertCacheEntry(h, t);
                        }
                      }
                      if (runOrNull != null) {
                        updateRunState(h, runOrNull); // last: it may end the lease
                      }
                      return true;
                    }));
    if (!held) {
      throw new LeaseLostException(runId, lease.owner());
    }
  }

  private static final String INSERT_TASK =
      "INSERT INTO task ("
          + TASK_COLUMNS
          + ") VALUES (:runId, :path, :kind, :displayName, :state, :inputs, :outputs, :fingerprint,"
          + " :cached, :error, :createdAt, :startedAt, :finishedAt)";
  private static final String UPDATE_TASK =
      "UPDATE task SET kind = :kind, display_name = :displayName, state = :state, inputs = :inputs,"
          + " outputs = :outputs, fingerprint = :fingerprint, cached = :cached, error = :error,"
          + " created_at = :createdAt, started_at = :startedAt, finished_at = :finishedAt"
          + " WHERE run_id = :runId AND path = :path";
  private static final String INSERT_ATTEMPT =
      "INSERT INTO task_attempt ("
          + ATTEMPT_COLUMNS
          + ") VALUES (:runId, :path, :attempt, :state, :handle, :exitCode, :message, :startedAt,"
          + " :finishedAt, :runtime)";
  private static final String UPDATE_ATTEMPT =
      "UPDATE task_attempt SET state = :state, handle = :handle, exit_code = :exitCode,"
          + " message = :message, started_at = :startedAt, finished_at = :finishedAt,"
          + " runtime = :runtime WHERE run_id = :runId AND path = :path AND attempt = :attempt";

  private static final String OWNER_COLUMNS =
      "SELECT r.id, l.owner, l.lease_until, l.cancel_requested, r.state, r.created_at"
          + " FROM run_lease l JOIN run r ON r.id = l.run_id";

  @Override
  public List<RunOwner> unfinishedOwners(int limit) {
    return call(
        "list the owners of unfinished runs",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            OWNER_COLUMNS + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit")
                        .bind("limit", limit)
                        .map(JdbiRunRepository::owner)
                        .list()));
  }

  @Override
  public List<RunOwner> lapsed(Instant now, int limit) {
    return call(
        "list runs whose lease lapsed",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            OWNER_COLUMNS
                                + " WHERE l.lease_until <= :now"
                                + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit")
                        .bindByType("now", time(now), OffsetDateTime.class)
                        .bind("limit", limit)
                        .map(JdbiRunRepository::owner)
                        .list()));
  }

  @Override
  public List<String> owners(String prefix, String except) {
    return call(
        "list the owners of unfinished runs",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT DISTINCT owner FROM run_lease WHERE owner LIKE :prefix"
                                + " AND owner <> :except")
                        .bind("prefix", likePrefix(prefix))
                        .bind("except", except)
                        .mapTo(String.class)
                        .list()));
  }

  /** A LIKE pattern matching what starts with {@code prefix} (backslash is the escape). */
  private static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  @Override
  public List<RunOwner> heldBy(String owner, int limit) {
    return call(
        "list the runs of " + owner,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            OWNER_COLUMNS
                                + " WHERE l.owner = :owner"
                                + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit")
                        .bind("owner", owner)
                        .bind("limit", limit)
                        .map(JdbiRunRepository::owner)
                        .list()));
  }

  @Override
  public List<RunOwner> waiting(int limit) {
    return call(
        "list waiting runs",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            OWNER_COLUMNS
                                + " WHERE l.lease_until IS NULL"
                                + " ORDER BY r.created_at, r.id LIMIT :limit")
                        .bind("limit", limit)
                        .map(JdbiRunRepository::owner)
                        .list()));
  }

  @Override
  public long countWaiting() {
    return call(
        "count waiting runs",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM run_lease WHERE lease_until IS NULL")
                        .mapTo(Long.class)
                        .one()));
  }

  @Override
  public Optional<RunOwner> owner(String runId) {
    return call(
        "read the owner of run " + runId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(OWNER_COLUMNS + " WHERE l.run_id = :id")
                        .bind("id", runId)
                        .map(JdbiRunRepository::owner)
                        .findOne()));
  }

  @Override
  public boolean claim(RunOwner seen, Lease lease) {
    return call(
        "claim run " + seen.runId(),
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE run_lease SET owner = :owner, lease_until = :leaseUntil"
                                    + " WHERE run_id = :id"
                                    + " AND owner IS NOT DISTINCT FROM :seenOwner"
                                    + " AND lease_until IS NOT DISTINCT FROM :seenLease")
                            .bind("owner", lease.owner())
                            .bindByType("leaseUntil", time(lease.until()), OffsetDateTime.class)
                            .bind("id", seen.runId())
                            .bind("seenOwner", seen.owner())
                            .bindByType("seenLease", time(seen.leaseUntil()), OffsetDateTime.class)
                            .execute())
                > 0);
  }

  @Override
  public int renew(Lease lease) {
    return call(
        "renew the leases of " + lease.owner(),
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE run_lease SET lease_until = :leaseUntil WHERE owner = :owner")
                        .bind("owner", lease.owner())
                        .bindByType("leaseUntil", time(lease.until()), OffsetDateTime.class)
                        .execute()));
  }

  @Override
  public void release(String runId, String owner) {
    call(
        "release run " + runId,
        () ->
            jdbi.withHandle(
                h ->
                    h.createUpdate(
                            "UPDATE run_lease SET owner = NULL, lease_until = :released"
                                + " WHERE run_id = :id AND owner = :owner")
                        .bind("id", runId)
                        .bind("owner", owner)
                        .bindByType("released", time(Instant.EPOCH), OffsetDateTime.class)
                        .execute()));
  }

  @Override
  public boolean requestCancel(String runId) {
    return call(
        "request the cancel of run " + runId,
        () ->
            jdbi.withHandle(
                    h ->
                        h.createUpdate(
                                "UPDATE run_lease SET cancel_requested = TRUE WHERE run_id = :id")
                            .bind("id", runId)
                            .execute())
                > 0);
  }

  @Override
  public List<String> cancelRequests(String owner) {
    return call(
        "list cancel requests",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT run_id FROM run_lease WHERE owner = :owner"
                                + " AND cancel_requested")
                        .bind("owner", owner)
                        .mapTo(String.class)
                        .list()));
  }

  @Override
  public Optional<StoredTask> findCached(String profile, String pipelineName, String fingerprint) {
    return call(
        "look up the cache",
        () ->
            jdbi.withHandle(
                h ->
                    h.createQuery(
                            "SELECT t.run_id, t.path, t.kind, t.display_name, t.state, t.inputs,"
                                + " t.outputs, t.fingerprint, t.cached, t.error, t.created_at,"
                                + " t.started_at, t.finished_at FROM cache_entry c JOIN task t"
                                + " ON t.run_id = c.run_id AND t.path = c.path"
                                + " WHERE c.profile = :profile AND c.pipeline_name = :pipelineName"
                                + " AND c.fingerprint = :fingerprint AND t.state = 'SUCCEEDED'")
                        .bind("fingerprint", fingerprint)
                        .bind("profile", profile)
                        .bind("pipelineName", pipelineName)
                        .map(JdbiRunRepository::task)
                        .findOne()));
  }

  /** Whether a task, as stored now, is the newest source of its fingerprint's outputs. */
  private static boolean offersCache(StoredTask t) {
    return t.state().equals("SUCCEEDED") && t.fingerprint() != null && !t.cached();
  }

  /** Points the task's cache scope and fingerprint at this task (a standard SQL MERGE). */
  private static void upsertCacheEntry(Handle h, StoredTask t) {
    h.createUpdate(
            "MERGE INTO cache_entry c"
                + " USING (SELECT profile, pipeline_name FROM run WHERE id = :runId) s"
                + " ON (c.profile = s.profile AND c.pipeline_name = s.pipeline_name"
                + " AND c.fingerprint = :fingerprint)"
                + " WHEN MATCHED THEN UPDATE SET run_id = :runId, path = :path, created_at = :at"
                + " WHEN NOT MATCHED THEN INSERT"
                + " (profile, pipeline_name, fingerprint, run_id, path, created_at)"
                + " VALUES (s.profile, s.pipeline_name, :fingerprint, :runId, :path, :at)")
        .bind("runId", t.runId())
        .bind("path", t.path())
        .bind("fingerprint", t.fingerprint())
        .bindByType(
            "at",
            time(t.finishedAt() == null ? t.createdAt() : t.finishedAt()),
            OffsetDateTime.class)
        .execute();
  }

  @Override
  public boolean delete(String id) {
    return call(
        "delete run " + id,
        () ->
            jdbi.inTransaction(
                h -> {
                  h.createUpdate("DELETE FROM task_attempt WHERE run_id = :id")
                      .bind("id", id)
                      .execute();
                  h.createUpdate("DELETE FROM task WHERE run_id = :id").bind("id", id).execute();
                  return h.createUpdate("DELETE FROM run WHERE id = :id").bind("id", id).execute()
                      > 0;
                }));
  }

  @Override
  public Map<String, Set<String>> reusers(Collection<String> runIds) {
    return call(
        "find the runs that reuse outputs through the cache", () -> deletions.reusers(runIds));
  }

  @Override
  public int forgetCache(String runId) {
    return call("remove the cache entries of run " + runId, () -> deletions.forgetCache(runId));
  }

  @Override
  public boolean deleteFinished(String id) {
    return call("delete run " + id, () -> deletions.deleteFinished(id));
  }

  private static void upsertTask(Handle h, StoredTask t) {
    if (bindTask(h.createUpdate(UPDATE_TASK), t).execute() == 0) {
      bindTask(h.createUpdate(INSERT_TASK), t).execute();
    }
  }

  private static void upsertAttempt(Handle h, StoredAttempt a) {
    if (bindAttempt(h.createUpdate(UPDATE_ATTEMPT), a).execute() == 0) {
      bindAttempt(h.createUpdate(INSERT_ATTEMPT), a).execute();
    }
  }

  private static <S extends SqlStatement<S>> S bindRun(S s, StoredRun r) {
    return s.bind("id", r.id())
        .bind("profile", r.profile())
        .bind("pipelineName", r.pipelineName())
        .bind("displayName", r.displayName())
        .bind("spec", r.spec())
        .bind("parameters", r.parameters())
        .bind("options", r.options())
        .bind("state", r.state())
        .bind("error", r.error())
        .bindByType("createdAt", time(r.createdAt()), OffsetDateTime.class)
        .bindByType("startedAt", time(r.startedAt()), OffsetDateTime.class)
        .bindByType("finishedAt", time(r.finishedAt()), OffsetDateTime.class)
        .bindByType("experimentId", r.experimentId(), String.class)
        .bind("description", r.description())
        .bind("storageState", r.storageState())
        .bindByType("recurringRunId", r.recurringRunId(), String.class);
  }

  private static <S extends SqlStatement<S>> S bindRunState(S s, StoredRun r) {
    return s.bind("id", r.id())
        .bind("state", r.state())
        .bind("error", r.error())
        .bindByType("startedAt", time(r.startedAt()), OffsetDateTime.class)
        .bindByType("finishedAt", time(r.finishedAt()), OffsetDateTime.class);
  }

  private static <S extends SqlStatement<S>> S bindTask(S s, StoredTask t) {
    return s.bind("runId", t.runId())
        .bind("path", t.path())
        .bind("kind", t.kind())
        .bind("displayName", t.displayName())
        .bind("state", t.state())
        .bind("inputs", t.inputs())
        .bind("outputs", t.outputs())
        .bind("fingerprint", t.fingerprint())
        .bind("cached", t.cached())
        .bind("error", t.error())
        .bindByType("createdAt", time(t.createdAt()), OffsetDateTime.class)
        .bindByType("startedAt", time(t.startedAt()), OffsetDateTime.class)
        .bindByType("finishedAt", time(t.finishedAt()), OffsetDateTime.class);
  }

  private static <S extends SqlStatement<S>> S bindAttempt(S s, StoredAttempt a) {
    return s.bind("runId", a.runId())
        .bind("path", a.path())
        .bind("attempt", a.attempt())
        .bind("state", a.state())
        .bind("handle", a.handle())
        .bind("exitCode", a.exitCode())
        .bind("message", a.message())
        .bindByType("startedAt", time(a.startedAt()), OffsetDateTime.class)
        .bindByType("finishedAt", time(a.finishedAt()), OffsetDateTime.class)
        .bind("runtime", a.runtime());
  }

  private static OffsetDateTime time(Instant i) {
    return i == null ? null : i.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static StoredRun run(ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredRun(
        rs.getString("id"),
        rs.getString("profile"),
        rs.getString("pipeline_name"),
        rs.getString("display_name"),
        rs.getString("spec"),
        rs.getString("parameters"),
        rs.getString("options"),
        rs.getString("state"),
        rs.getString("error"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getString("experiment_id"),
        rs.getString("description"),
        rs.getString("storage_state"),
        rs.getString("recurring_run_id"));
  }

  private static StoredTask task(ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredTask(
        rs.getString("run_id"),
        rs.getString("path"),
        rs.getString("kind"),
        rs.getString("display_name"),
        rs.getString("state"),
        rs.getString("inputs"),
        rs.getString("outputs"),
        rs.getString("fingerprint"),
        rs.getBoolean("cached"),
        rs.getString("error"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"));
  }

  private static RunOwner owner(ResultSet rs, StatementContext ctx) throws SQLException {
    return new RunOwner(
        rs.getString("id"),
        rs.getString("owner"),
        instant(rs, "lease_until"),
        rs.getBoolean("cancel_requested"),
        rs.getString("state"),
        instant(rs, "created_at"));
  }

  private static StoredAttempt attempt(ResultSet rs, StatementContext ctx) throws SQLException {
    int exit = rs.getInt("exit_code");
    Integer exitOrNull = rs.wasNull() ? null : exit;
    return new StoredAttempt(
        rs.getString("run_id"),
        rs.getString("path"),
        rs.getInt("attempt"),
        rs.getString("state"),
        rs.getString("handle"),
        exitOrNull,
        rs.getString("message"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getString("runtime"));
  }

  private static <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (JdbiException | UncheckedSql e) {
      Throwable cause = e instanceof UncheckedSql u ? u.getCause() : e;
      throw new StoreException("cannot " + action + ": " + StoreErrors.reason(cause), cause);
    }
  }

  /** A JDBC failure inside a callback that may not throw it; unwrapped by {@link #call}. */
  private static final class UncheckedSql extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSql(java.sql.SQLException cause) {
      super(cause);
    }
  }
}
