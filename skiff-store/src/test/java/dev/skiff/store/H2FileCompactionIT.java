package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
  void dead_space_is_reused_in_use_and_the_file_is_rewritten_when_it_closes() throws Exception {
    long first;
    long last;
    try (Database db =
        Database.open(DatabaseConfig.h2File(home, DatabaseConfig.Sharing.EXCLUSIVE))) {
      db.jdbi()
          .useHandle(h -> h.execute("CREATE TABLE churn (id INT PRIMARY KEY, body VARCHAR(900))"));
      churn(db, 0);
      first = size("skiff.mv.db");
      for (int cycle = 1; cycle < 4; cycle++) {
        churn(db, cycle);
      }
      last = size("skiff.mv.db");
    }
    // Four times the writes, and the file grew by far less: what died was written over.
    assertThat(last).as("after 4 cycles, from %d after 1", first).isLessThan(first * 2);
    long closed = size("skiff.mv.db");
    assertThat(closed).as("rewritten at close, from %d bytes", last).isLessThan(1L << 20);
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      long rows =
          db.jdbi()
              .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM churn").mapTo(Long.class).one());
      assertThat(rows).as("the live data survives").isEqualTo(4 * 160L);
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
