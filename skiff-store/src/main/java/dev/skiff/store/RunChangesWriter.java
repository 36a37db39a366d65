package dev.skiff.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one round of a run driver's changes on a connection inside a transaction: the engine's
 * hottest write (one per step of a chain), so it is plain JDBC with prepared statements and batches
 * rather than JDBI's per-statement machinery (about a third of the write's cost when measured).
 */
final class RunChangesWriter {
  static final String FENCE = "UPDATE run_lease SET lease_until = ? WHERE run_id = ? AND owner = ?";
  static final String INSERT_TASK =
      "INSERT INTO task (run_id, path, kind, display_name, state, inputs, outputs, fingerprint,"
          + " cached, error, created_at, started_at, finished_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String UPDATE_TASK =
      "UPDATE task SET kind = ?, display_name = ?, state = ?, inputs = ?, outputs = ?,"
          + " fingerprint = ?, cached = ?, error = ?, created_at = ?, started_at = ?,"
          + " finished_at = ? WHERE run_id = ? AND path = ?";
  static final String INSERT_ATTEMPT =
      "INSERT INTO task_attempt (run_id, path, attempt, state, handle, exit_code, message,"
          + " started_at, finished_at, runtime) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String UPDATE_ATTEMPT =
      "UPDATE task_attempt SET state = ?, handle = ?, exit_code = ?, message = ?, started_at = ?,"
          + " finished_at = ?, runtime = ? WHERE run_id = ? AND path = ? AND attempt = ?";

  private final Connection c;

  RunChangesWriter(Connection c) {
    this.c = c;
  }

  /**
   * Renews the lease when the caller holds it.
   *
   * @return false when another process holds the run: nothing may be written
   */
  boolean fence(String runId, Lease lease) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(FENCE)) {
      s.setObject(1, time(lease.until()));
      s.setString(2, runId);
      s.setString(3, lease.owner());
      return s.executeUpdate() > 0;
    }
  }

  /** Inserts the new rows and updates the others (inserting any that were not there after all). */
  void write(RunChanges c) throws SQLException {
    insertTasks(c.newTasks());
    insertTasks(updateTasks(c.changedTasks()));
    insertAttempts(c.newAttempts());
    insertAttempts(updateAttempts(c.changedAttempts()));
  }

  private void insertTasks(List<StoredTask> tasks) throws SQLException {
    if (tasks.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(INSERT_TASK)) {
      for (StoredTask t : tasks) {
        s.setString(1, t.runId());
        s.setString(2, t.path());
        s.setString(3, t.kind());
        s.setString(4, t.displayName());
        s.setString(5, t.state());
        s.setString(6, t.inputs());
        s.setString(7, t.outputs());
        s.setString(8, t.fingerprint());
        s.setBoolean(9, t.cached());
        s.setString(10, t.error());
        s.setObject(11, time(t.createdAt()));
        setTime(s, 12, t.startedAt());
        setTime(s, 13, t.finishedAt());
        run(s, tasks.size());
      }
      flushBatch(s, tasks.size());
    }
  }

  /** Updates the tasks; returns those that were not there. */
  private List<StoredTask> updateTasks(List<StoredTask> tasks) throws SQLException {
    if (tasks.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement s = c.prepareStatement(UPDATE_TASK)) {
      int[] counts = new int[tasks.size()];
      for (int i = 0; i < tasks.size(); i++) {
        StoredTask t = tasks.get(i);
        s.setString(1, t.kind());
        s.setString(2, t.displayName());
        s.setString(3, t.state());
        s.setString(4, t.inputs());
        s.setString(5, t.outputs());
        s.setString(6, t.fingerprint());
        s.setBoolean(7, t.cached());
        s.setString(8, t.error());
        s.setObject(9, time(t.createdAt()));
        setTime(s, 10, t.startedAt());
        setTime(s, 11, t.finishedAt());
        s.setString(12, t.runId());
        s.setString(13, t.path());
        if (tasks.size() == 1) {
          counts[0] = s.executeUpdate();
        } else {
          s.addBatch();
        }
      }
      if (tasks.size() > 1) {
        counts = s.executeBatch();
      }
      List<StoredTask> missing = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          missing.add(tasks.get(i));
        }
      }
      return missing;
    }
  }

  private void insertAttempts(List<StoredAttempt> attempts) throws SQLException {
    if (attempts.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(INSERT_ATTEMPT)) {
      for (StoredAttempt a : attempts) {
        s.setString(1, a.runId());
        s.setString(2, a.path());
        s.setInt(3, a.attempt());
        s.setString(4, a.state());
        s.setString(5, a.handle());
        setInt(s, 6, a.exitCode());
        s.setString(7, a.message());
        s.setObject(8, time(a.startedAt()));
        setTime(s, 9, a.finishedAt());
        s.setString(10, a.runtime());
        run(s, attempts.size());
      }
      flushBatch(s, attempts.size());
    }
  }

  /** Updates the attempts; returns those that were not there. */
  private List<StoredAttempt> updateAttempts(List<StoredAttempt> attempts) throws SQLException {
    if (attempts.isEmpty()) {
      return List.of();
    }
    try (PreparedStatement s = c.prepareStatement(UPDATE_ATTEMPT)) {
      int[] counts = new int[attempts.size()];
      for (int i = 0; i < attempts.size(); i++) {
        StoredAttempt a = attempts.get(i);
        s.setString(1, a.state());
        s.setString(2, a.handle());
        setInt(s, 3, a.exitCode());
        s.setString(4, a.message());
        s.setObject(5, time(a.startedAt()));
        setTime(s, 6, a.finishedAt());
        s.setString(7, a.runtime());
        s.setString(8, a.runId());
        s.setString(9, a.path());
        s.setInt(10, a.attempt());
        if (attempts.size() == 1) {
          counts[0] = s.executeUpdate();
        } else {
          s.addBatch();
        }
      }
      if (attempts.size() > 1) {
        counts = s.executeBatch();
      }
      List<StoredAttempt> missing = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          missing.add(attempts.get(i));
        }
      }
      return missing;
    }
  }

  /** Executes at once for one row; adds to the batch otherwise. */
  private static void run(PreparedStatement s, int rows) throws SQLException {
    if (rows == 1) {
      s.executeUpdate();
    } else {
      s.addBatch();
    }
  }

  private static void flushBatch(PreparedStatement s, int rows) throws SQLException {
    if (rows > 1) {
      s.executeBatch();
    }
  }

  private static void setTime(PreparedStatement s, int i, Instant t) throws SQLException {
    if (t == null) {
      s.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      s.setObject(i, time(t));
    }
  }

  private static void setInt(PreparedStatement s, int i, Integer v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.INTEGER);
    } else {
      s.setInt(i, v);
    }
  }

  private static OffsetDateTime time(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
