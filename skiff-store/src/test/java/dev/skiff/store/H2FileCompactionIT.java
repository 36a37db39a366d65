package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded file stays bounded: dead space is reused while the database is in use, a file opened
 * exclusively is rewritten with only its live data when it closes, and H2's trace file is rolled
 * over at 1 MB.
 */
class H2FileCompactionIT {
  @TempDir Path home;

  private long size(String name) throws Exception {
    Path p = home.resolve("db").resolve(name);
    return Files.exists(p) ? Files.size(p) : 0;
  }

  /**
   * Commits as the engine does, one small transaction after another, each inserting rows and
   * updating earlier ones (steps starting and finishing); then deletes most of them a few at a
   * time, as retention deletes runs.
   */
  private static void churn(Database db, int cycle) throws Exception {
    try (Handle h = db.jdbi().open()) {
      Connection c = h.getConnection();
      c.setAutoCommit(false);
      int base = cycle * 8_000;
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO churn VALUES (?, ?)");
          PreparedStatement update = c.prepareStatement("UPDATE churn SET body = ? WHERE id = ?")) {
        for (int t = 0; t < 2_000; t++) {
          for (int i = 0; i < 4; i++) {
            int id = base + t * 4 + i;
            insert.setInt(1, id);
            insert.setString(2, "new " + "x".repeat(200));
            insert.executeUpdate();
            update.setString(1, "done " + "y".repeat(200));
            update.setInt(2, base + (id - base) / 2);
            update.executeUpdate();
          }
          c.commit();
        }
      }
      c.setAutoCommit(true);
      try (PreparedStatement delete =
          c.prepareStatement("DELETE FROM churn WHERE id >= ? AND id < ? AND MOD(id, 50) <> 0")) {
        for (int from = base; from < base + 8_000; from += 40) {
          delete.setInt(1, from);
          delete.setInt(2, from + 40);
          delete.executeUpdate();
        }
      }
    }
  }

  @Test
  void dead_space_is_given_back_while_idle_and_the_file_is_rewritten_when_it_closes()
      throws Exception {
    long busy;
    long idle;
    try (Database db =
        Database.open(DatabaseConfig.h2File(home, DatabaseConfig.Sharing.EXCLUSIVE))) {
      db.jdbi()
          .useHandle(h -> h.execute("CREATE TABLE churn (id INT PRIMARY KEY, body VARCHAR(900))"));
      churn(db, 0);
      busy = size("skiff.mv.db");
      Instant deadline = Instant.now().plusSeconds(120); // ends once it halves
      do {
        Thread.sleep(250);
        idle = size("skiff.mv.db");
      } while (idle * 2 > busy && Instant.now().isBefore(deadline));
    }
    System.out.printf(
        "churn: %d bytes busy, %d idle, %d closed%n", busy, idle, size("skiff.mv.db"));
    assertThat(idle).as("compacted while idle, from %d bytes", busy).isLessThan(busy / 2);
    long closed = size("skiff.mv.db");
    assertThat(closed).as("rewritten at close, from %d bytes", idle).isLessThan(1L << 20);
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      long rows =
          db.jdbi()
              .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM churn").mapTo(Long.class).one());
      assertThat(rows).as("the live data survives").isEqualTo(160L);
    }
  }

  @Test
  void a_kill_after_online_compaction_loses_no_acknowledged_commit() throws Exception {
    try (PeerProcess peer = PeerProcess.start(home, DatabaseConfig.Sharing.EXCLUSIVE)) {
      for (int i = 0; i < 3_000; i++) {
        peer.ask("put p-" + i);
      }
      Thread.sleep(3_000); // idle: the file is compacted
      for (int i = 3_000; i < 3_500; i++) {
        peer.ask("put p-" + i);
      }
      peer.kill();
    }
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      assertThat(db.profiles().list()).hasSize(3_500);
    }
  }

  @Test
  void the_trace_file_is_rolled_over_at_one_megabyte() throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      db.jdbi()
          .useHandle(
              h -> {
                h.execute("SET TRACE_LEVEL_FILE 3"); // every statement: a trace that grows fast
                String padding = "y".repeat(200);
                for (int i = 0; i < 30_000; i++) {
                  h.createQuery("SELECT '" + padding + "' || :i")
                      .bind("i", i)
                      .mapTo(String.class)
                      .one();
                }
                h.execute("SET TRACE_LEVEL_FILE 1");
              });
    }
    assertThat(size("skiff.trace.db.old")).as("rolled over").isPositive();
    // H2 looks at the size every few thousand writes, so a file runs over a little.
    assertThat(size("skiff.trace.db")).isLessThan(3L << 20);
    assertThat(size("skiff.trace.db.old")).isLessThan(3L << 20);
  }
}
