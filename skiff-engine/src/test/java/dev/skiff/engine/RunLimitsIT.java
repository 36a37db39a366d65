package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.drive.BacklogFullException;
import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunLimits;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.ParseLimits;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded memory at any submission rate: an engine drives at most {@link RunLimits#maxDrivenRuns()}
 * runs; the others wait in the store (PENDING, no owner) and are claimed oldest first; past {@link
 * RunLimits#maxPendingRuns()} waiting runs a submission is refused with nothing stored; abandoned
 * runs are resumed in the background, newest first, within the limit.
 *
 * <p>The pipeline is {@code hold.yaml}: its first step waits while {@code <dir>/hold} exists, and
 * both steps append the run's tag to a file per step, which counts how often each ran.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RunLimitsIT {
  // long enough that a stalled heartbeat on a loaded machine does not hand a live run over; no
  // test here waits for a lease to lapse (the abandoned runs are stored lapsed)
  private static final Duration LEASE = Duration.ofSeconds(15);
  private static final Duration BEAT = Duration.ofMillis(200);

  private final PostgresDatabase pg;
  @TempDir Path home;
  @TempDir Path dir;

  RunLimitsIT(PostgresDatabase pg) {
    this.pg = pg;
  }

  private EngineHarness engine(Path own, DatabaseConfig db, boolean takeOver, RunLimits limits)
      throws Exception {
    Files.createDirectories(own);
    EngineSettings settings =
        new EngineSettings(own, EngineSettings.LOCAL, false, takeOver, LEASE, BEAT)
            .withLimits(limits);
    return new EngineHarness(own, db, settings, EngineConfig.defaults());
  }

  private static RunLimits limits(int driven, int pending) {
    return new RunLimits(driven, pending, ParseLimits.DEFAULT);
  }

  private String submit(EngineHarness e, String tag) throws Exception {
    return e.runs.submit(
        EngineHarness.fixture("hold.yaml"),
        "hold.yaml",
        Map.of("dir", JsonValue.of(dir.toString()), "tag", JsonValue.of(tag)),
        RunOptions.DEFAULT);
  }

  @Test
  void runs_beyond_the_limit_wait_in_the_store_and_are_driven_oldest_first() throws Exception {
    Files.createFile(dir.resolve("hold"));
    try (EngineHarness e = engine(home, DatabaseConfig.h2File(home), true, limits(1, 100))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(submit(e, "t" + i));
      }
      waitFor(() -> Files.exists(dir.resolve("t0.started")), "t0 started");
      Thread.sleep(500);
      assertThat(e.runs.drivenRuns()).isEqualTo(1);
      assertThat(e.database.runs().countWaiting()).as("waiting in the store").isEqualTo(4);
      for (String id : ids.subList(1, 5)) {
        assertThat(e.runs.get(id).orElseThrow().run().state()).isEqualTo(RunState.PENDING);
        assertThat(e.database.runs().owner(id).orElseThrow().owner()).isNull();
      }
      assertThat(Files.exists(dir.resolve("t1.started"))).isFalse();

      Files.delete(dir.resolve("hold"));
      for (String id : ids) {
        assertThat(e.runs.await(id, Duration.ofSeconds(60)).run().state())
            .isEqualTo(RunState.SUCCEEDED);
      }
      assertThat(Files.readAllLines(dir.resolve("first")))
          .as("one at a time, oldest first")
          .containsExactly("t0", "t1", "t2", "t3", "t4");
      assertThat(Files.readAllLines(dir.resolve("second"))).hasSize(5);
      waitFor(() -> e.runs.drivenRuns() == 0, "every slot free again");
    }
  }

  @Test
  void a_retry_beyond_the_limit_waits_in_the_store_like_a_new_run(@TempDir Path flaky)
      throws Exception {
    try (EngineHarness e = engine(home, DatabaseConfig.h2File(home), true, limits(1, 100))) {
      RunView failed = e.run("retry_run.yaml", Map.of("dir", JsonValue.of(flaky.toString())));
      assertThat(failed.run().state()).isEqualTo(RunState.FAILED);
      String retried = failed.run().id();

      Files.createFile(dir.resolve("hold"));
      String holding = submit(e, "t0");
      waitFor(() -> Files.exists(dir.resolve("t0.started")), "t0 started");
      Files.createFile(flaky.resolve("go"));
      assertThat(e.runs.retry(retried)).isTrue();
      Thread.sleep(500);
      assertThat(e.runs.drivenRuns()).as("the limit holds for retries").isEqualTo(1);
      assertThat(e.runs.get(retried).orElseThrow().run().state()).isEqualTo(RunState.PENDING);
      assertThat(e.database.runs().owner(retried).orElseThrow().owner()).isNull();

      Files.delete(dir.resolve("hold"));
      assertThat(e.runs.await(holding, Duration.ofSeconds(60)).run().state())
          .isEqualTo(RunState.SUCCEEDED);
      RunView done = e.runs.await(retried, Duration.ofSeconds(60));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(Files.readAllLines(flaky.resolve("first"))).as("first ran once").hasSize(1);
      assertThat(Files.readAllLines(flaky.resolve("second"))).hasSize(2);
    }
  }

  @Test
  void past_the_backlog_limit_a_submission_is_refused_and_a_waiting_run_cancels_at_once()
      throws Exception {
    Files.createFile(dir.resolve("hold"));
    try (EngineHarness e = engine(home, DatabaseConfig.h2File(home), false, limits(1, 3))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add(submit(e, "t" + i));
      }
      assertThatThrownBy(() -> submit(e, "refused"))
          .isInstanceOfSatisfying(
              BacklogFullException.class,
              b -> {
                assertThat(b.waiting()).isEqualTo(3);
                assertThat(b.limit()).isEqualTo(3);
                assertThat(b.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(30));
              })
          .hasMessageContaining("3 runs wait for a driver (the limit is 3)");
      assertThat(e.runs.count(null)).as("nothing stored for the refused run").isEqualTo(4);

      String waiting = ids.get(2);
      assertThat(e.runs.cancel(waiting)).isTrue();
      RunView canceled = e.runs.get(waiting).orElseThrow();
      assertThat(canceled.run().state())
          .as("never driven: ended at once")
          .isEqualTo(RunState.CANCELED);
      assertThat(canceled.tasks()).isEmpty();
      ids.add(submit(e, "t4")); // room again

      Files.delete(dir.resolve("hold"));
      for (String id : ids) {
        RunState end = e.runs.await(id, Duration.ofSeconds(60)).run().state();
        assertThat(end).isEqualTo(id.equals(waiting) ? RunState.CANCELED : RunState.SUCCEEDED);
      }
      assertThat(Files.readAllLines(dir.resolve("first"))).containsExactly("t0", "t1", "t3", "t4");
    }
  }

  @Test
  void two_engines_on_postgresql_share_the_waiting_runs_and_drive_each_once() throws Exception {
    Files.createFile(dir.resolve("hold"));
    DatabaseConfig db = new DatabaseConfig(pg.jdbcUrl(), pg.user(), pg.password());
    try (EngineHarness a = engine(home.resolve("a"), db, true, limits(2, 100));
        EngineHarness b = engine(home.resolve("b"), db, true, limits(2, 100))) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        ids.add(submit(a, "t" + i));
      }
      waitFor(() -> a.runs.drivenRuns() == 2 && b.runs.drivenRuns() == 2, "both drive 2");
      Thread.sleep(600); // several heartbeats: nobody takes more
      assertThat(a.runs.drivenRuns()).isEqualTo(2);
      assertThat(b.runs.drivenRuns()).isEqualTo(2);
      assertThat(a.database.runs().countWaiting()).isEqualTo(6);

      Files.delete(dir.resolve("hold"));
      for (String id : ids) {
        assertThat(a.runs.await(id, Duration.ofSeconds(90)).run().state())
            .isEqualTo(RunState.SUCCEEDED);
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        expected.add("t" + i);
      }
      assertThat(Files.readAllLines(dir.resolve("first")))
          .as("each first step ran once")
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(Files.readAllLines(dir.resolve("second")))
          .as("each second step ran once")
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void thousands_of_abandoned_runs_are_resumed_in_the_background_newest_first() throws Exception {
    int n = Integer.getInteger("skiff.recovery.runs", 2_000);
    Files.createFile(dir.resolve("hold"));
    String template;
    try (EngineHarness first = engine(home, DatabaseConfig.h2File(home), false, limits(1, 10))) {
      template = submit(first, "template"); // only its stored rows are used
    }
    // As if a server on another host had been driving n runs when it vanished: RUNNING, owned by
    // it, leases lapsed a minute ago.
    Instant base = Instant.now().minusSeconds(3_600);
    List<String> ids = new ArrayList<>();
    try (Database d = Database.open(DatabaseConfig.h2File(home))) {
      d.jdbi()
          .useTransaction(
              h -> {
                Map<String, Object> t =
                    h.createQuery("SELECT * FROM run WHERE id = :id")
                        .bind("id", template)
                        .mapToMap()
                        .one();
                var insertRun =
                    h.prepareBatch(
                        "INSERT INTO run (id, profile, pipeline_name, display_name, spec,"
                            + " parameters, options, state, created_at, started_at)"
                            + " VALUES (:id, :profile, :pipeline, :name, :spec, :parameters,"
                            + " :options, 'RUNNING', :at, :at)");
                var insertLease =
                    h.prepareBatch(
                        "INSERT INTO run_lease (run_id, owner, lease_until)"
                            + " VALUES (:id, 'elsewhere.example/4242/1/cafe', :until)");
                OffsetDateTime lapsed = Instant.now().minusSeconds(60).atOffset(ZoneOffset.UTC);
                for (int i = 0; i < n; i++) {
                  String id = UUID.randomUUID().toString();
                  ids.add(id);
                  insertRun
                      .bind("id", id)
                      .bind("profile", t.get("profile"))
                      .bind("pipeline", t.get("pipeline_name"))
                      .bind("name", t.get("display_name"))
                      .bind("spec", t.get("spec"))
                      .bind(
                          "parameters",
                          ((String) t.get("parameters")).replace("\"template\"", "\"r" + i + "\""))
                      .bind("options", t.get("options"))
                      .bindByType(
                          "at", base.plusMillis(i).atOffset(ZoneOffset.UTC), OffsetDateTime.class)
                      .add();
                  insertLease
                      .bind("id", id)
                      .bindByType("until", lapsed, OffsetDateTime.class)
                      .add();
                }
                insertRun.execute();
                insertLease.execute();
                h.createUpdate("DELETE FROM task_attempt WHERE run_id = :id")
                    .bind("id", template)
                    .execute();
                h.createUpdate("DELETE FROM task WHERE run_id = :id")
                    .bind("id", template)
                    .execute();
                h.createUpdate("DELETE FROM run WHERE id = :id").bind("id", template).execute();
              });
    }

    long t0 = System.nanoTime();
    try (EngineHarness server = engine(home, DatabaseConfig.h2File(home), true, limits(4, 10))) {
      long openMs = (System.nanoTime() - t0) / 1_000_000;
      waitFor(() -> server.runs.drivenRuns() == 4, "4 runs driven");
      long fourMs = (System.nanoTime() - t0) / 1_000_000;
      Thread.sleep(600);
      assertThat(server.runs.drivenRuns()).as("never more than the limit").isEqualTo(4);
      for (int i = n - 4; i < n; i++) {
        String tag = "r" + i;
        waitFor(() -> Files.exists(dir.resolve(tag + ".started")), "newest run " + tag + " driven");
      }
      assertThat(Files.exists(dir.resolve("r" + (n - 5) + ".started"))).isFalse();
      System.out.printf(
          "%d abandoned runs: engine open %d ms, the newest 4 driven after %d ms%n",
          n, openMs, fourMs);
      assertThat(fourMs).as("resuming does not read every run first").isLessThan(30_000);

      Files.delete(dir.resolve("hold"));
      // The newest runs finish; the next ones are taken as drivers free up.
      for (String id : ids.subList(n - 8, n)) {
        assertThat(server.runs.await(id, Duration.ofSeconds(60)).run().state())
            .isEqualTo(RunState.SUCCEEDED);
      }
    }
  }

  static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
