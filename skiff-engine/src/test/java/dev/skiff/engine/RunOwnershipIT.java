package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.RunOwner;
import dev.skiff.testkit.EmbeddedPostgresExtension;
import dev.skiff.testkit.PostgresDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run ownership with several engines on one PostgreSQL: only the owner drives a run, a cancel asked
 * elsewhere reaches it, and a run whose owner died is taken over by exactly one engine, which
 * neither re-runs finished steps nor runs any step twice at once.
 *
 * <p>The pipeline is {@code crash.yaml}: every execution of a step appends a line to {@code
 * <dir>/<step>}, so the files count how often each step ran.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class RunOwnershipIT {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration BEAT = Duration.ofMillis(200);

  private final PostgresDatabase pg;
  @TempDir Path home;
  @TempDir Path dir;

  RunOwnershipIT(PostgresDatabase pg) {
    this.pg = pg;
  }

  private DatabaseConfig db() {
    return new DatabaseConfig(pg.jdbcUrl(), pg.user(), pg.password());
  }

  @BeforeEach
  @AfterEach
  void emptyTheStore() {
    try (dev.skiff.store.Database d = dev.skiff.store.Database.open(db())) {
      d.jdbi()
          .useHandle(
              h -> {
                h.execute("DELETE FROM task_attempt");
                h.execute("DELETE FROM task");
                h.execute("DELETE FROM run");
              });
    }
  }

  /** An engine on the shared database; {@code takeOver}: a server that adopts abandoned runs. */
  private EngineHarness engine(String name, boolean takeOver) throws Exception {
    Path own = Files.createDirectories(home.resolve(name));
    EngineSettings settings =
        new EngineSettings(own, EngineSettings.LOCAL, false, takeOver, LEASE, BEAT);
    return new EngineHarness(own, db(), settings, EngineConfig.defaults());
  }

  private String submit(EngineHarness engine, double seconds) throws Exception {
    return engine.runs.submit(
        EngineHarness.fixture("crash.yaml"),
        "crash.yaml",
        Map.of("dir", JsonValue.of(dir.toString()), "seconds", JsonValue.of(seconds)),
        RunOptions.DEFAULT.withCache(false));
  }

  @Test
  void only_the_owner_drives_a_run_while_it_lives() throws Exception {
    try (EngineHarness a = engine("a", false);
        EngineHarness b = engine("b", true)) {
      String id = submit(a, 1.5);
      // Several of b's heartbeats pass while the run goes on: b must never take it.
      long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < until) {
        assertThat(b.runs.isActive(id)).as("b drives a's run").isFalse();
        Thread.sleep(50);
      }
      RunView done = b.runs.await(id, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
      for (String step : new String[] {"a", "b", "c", "d", "e"}) {
        assertThat(lines(step)).as("runs of " + step).isEqualTo(1);
      }
    }
  }

  @Test
  void a_cancel_asked_of_another_engine_reaches_the_owner() throws Exception {
    try (EngineHarness a = engine("a", false);
        EngineHarness b = engine("b", true)) {
      String id = submit(a, 30);
      waitFor(() -> Files.exists(dir.resolve("b.started")), "b started");
      long t0 = System.nanoTime();
      assertThat(b.runs.cancel(id)).isTrue();
      RunView done = b.runs.await(id, Duration.ofSeconds(20));
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(done.run().state()).isEqualTo(RunState.CANCELED);
      assertThat(a.runs.isActive(id)).isFalse();
      assertThat(tookMs).as("the owner acts on the request").isLessThan(15_000);
      assertThat(lines("e")).as("nothing new started after the cancel").isZero();
      System.out.printf("cross-engine cancel took %d ms%n", tookMs);
    }
  }

  @Test
  void a_killed_owner_is_replaced_at_once_and_finished_steps_are_not_run_again() throws Exception {
    Path childHome = Files.createDirectories(home.resolve("child"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashRunMain.class.getName(),
                childHome.toString(),
                dir.toString(),
                "30",
                pg.jdbcUrl(),
                pg.user(),
                pg.password())
            .redirectErrorStream(true)
            .redirectOutput(childHome.resolve("child.log").toFile())
            .start();
    try {
      waitFor(
          () ->
              Files.exists(dir.resolve("b.started"))
                  && Files.exists(dir.resolve("c.started"))
                  && Files.exists(dir.resolve("d.started")),
          "b, c and d started in the child");
      // d finishes; b and c sleep on. The takers read d's end from the database only, so wait
      // for it there (a fixed pause raced the child's write on a busy machine).
      try (dev.skiff.store.Database d = dev.skiff.store.Database.open(db())) {
        waitFor(() -> succeeded(d, "d"), "d's end stored by the child");
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: the lease is still valid for seconds
      child.waitFor(10, TimeUnit.SECONDS);
    }
    try (EngineHarness b = engine("b", true);
        EngineHarness c = engine("c", true)) {
      String id = b.runs.list(null, 1).getFirst().id();
      // Its owner was a process on this host that is gone: taken over at once, by one of the two.
      // The remaining step is short: the taker may drive the run to its end between two polls.
      waitFor(
          () ->
              b.runs.isActive(id)
                  || c.runs.isActive(id)
                  || b.runs.get(id).map(v -> v.run().state().isTerminal()).orElse(false),
          "a takeover");
      RunView done = b.runs.await(id, Duration.ofSeconds(60));
      assertThat(done.run().state()).as(done.toString()).isEqualTo(RunState.SUCCEEDED);
      assertThat(lines("a")).as("a finished before the kill: not re-run").isEqualTo(1);
      assertThat(lines("d")).as("d finished before the kill: not re-run").isEqualTo(1);
      assertThat(lines("b")).as("b was running: re-run once").isEqualTo(2);
      assertThat(lines("c")).as("c was running: re-run once").isEqualTo(2);
      assertThat(lines("e")).isEqualTo(1);
    }
  }

  @Test
  void a_lapsed_lease_of_another_host_is_taken_over_by_exactly_one_engine() throws Exception {
    String id;
    try (EngineHarness a = engine("a", false)) {
      id = submit(a, 0);
      a.runs.await(id, Duration.ofSeconds(30));
    }
    // As if a process on another host had started it and then vanished mid-run: the run is
    // RUNNING, owned by that host, and its lease lapses in 2 s.
    Instant lapse = Instant.now().plusSeconds(2);
    try (dev.skiff.store.Database d = dev.skiff.store.Database.open(db())) {
      d.jdbi()
          .useHandle(
              h -> {
                h.createUpdate(
                        "UPDATE run SET state = 'RUNNING', finished_at = NULL WHERE id = :id")
                    .bind("id", id)
                    .execute();
                h.createUpdate(
                        "INSERT INTO run_lease (run_id, owner, lease_until)"
                            + " VALUES (:id, 'elsewhere.example/4242/1/cafe', :until)")
                    .bind("id", id)
                    .bindByType("until", lapse.atOffset(ZoneOffset.UTC), OffsetDateTime.class)
                    .execute();
                // The last step had not run yet.
                h.execute("DELETE FROM task_attempt WHERE path = 'e'");
                h.execute("DELETE FROM task WHERE path = 'e'");
              });
    }
    Files.deleteIfExists(dir.resolve("e"));
    try (EngineHarness b = engine("b", true);
        EngineHarness c = engine("c", true)) {
      while (Instant.now().isBefore(lapse.minusMillis(300))) {
        assertThat(b.runs.isActive(id) || c.runs.isActive(id))
            .as("taken over before the lease lapsed")
            .isFalse();
        Thread.sleep(50);
      }
      // The remaining step is short: the taker may drive the run to its end between two polls.
      waitFor(
          () ->
              b.runs.isActive(id)
                  || c.runs.isActive(id)
                  || b.runs.get(id).map(v -> v.run().state().isTerminal()).orElse(false),
          "a takeover");
      RunView done = b.runs.await(id, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(lines("e")).as("e ran exactly once").isEqualTo(1);
      RunOwner owner = b.database.runs().unfinishedOwners(10).stream().findFirst().orElse(null);
      assertThat(owner).as("nothing left unfinished").isNull();
    }
  }

  private static boolean succeeded(dev.skiff.store.Database d, String path) {
    return d.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT COUNT(*) FROM task WHERE path = :path AND state = 'SUCCEEDED'")
                        .bind("path", path)
                        .mapTo(Integer.class)
                        .one())
        > 0;
  }

  private long lines(String step) throws Exception {
    Path f = dir.resolve(step);
    return Files.exists(f) ? Files.readAllLines(f).size() : 0;
  }

  private static void waitFor(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
