package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.query.Condition;
import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Op;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of {@link RecurringRunRepository}, once per vendor: stored and read back field by
 * field, listed in pages, due ones found, and a tick claimed by exactly one of many racing callers
 * (on two connection pools, as two servers hold them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRecurringRunRepositoryIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private Database database;
  private Database other;

  /** Opens the database of the test (a second call opens a second pool on the same one). */
  protected abstract Database openDatabase();

  @BeforeAll
  void open() {
    database = openDatabase();
    other = openDatabase();
  }

  @AfterAll
  void close() {
    if (other != null) {
      other.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void empty() {
    database
        .jdbi()
        .useHandle(
            h -> {
              h.execute("DELETE FROM recurring_run");
              h.execute("DELETE FROM run");
            });
  }

  private static StoredRecurringRun recurring(String name, String cron, Long interval) {
    return new StoredRecurringRun(
        UUID.randomUUID().toString(),
        "team-a",
        name,
        "about " + name,
        "exp-1",
        "",
        "",
        "{\"pipelineInfo\":{\"name\":\"p\"}}",
        "{\"n\":1}",
        "s3://bucket/root",
        "runner",
        cron,
        interval,
        NOW.minusSeconds(60),
        NOW.plusSeconds(3600),
        3,
        true,
        StoredRecurringRun.ENABLE,
        NOW.minusSeconds(120),
        NOW.minusSeconds(120),
        NOW.minusSeconds(5),
        null);
  }

  @Test
  void stores_and_reads_back_every_field() {
    StoredRecurringRun cron = recurring("nightly", "0 0 2 * * *", null);
    StoredRecurringRun periodic = recurring("often", null, 30L);
    database.recurringRuns().create(cron);
    database.recurringRuns().create(periodic);
    assertThat(database.recurringRuns().find(cron.id())).contains(cron);
    assertThat(other.recurringRuns().find(periodic.id())).contains(periodic);
    assertThat(database.recurringRuns().find("nope")).isEmpty();
  }

  @Test
  void lists_in_pages_by_name_and_filter() {
    for (String name : List.of("c", "a", "b")) {
      database.recurringRuns().create(recurring(name, "* * * * * *", null));
    }
    Scope scope = Scope.where("profile", "team-a");
    Page<StoredRecurringRun> first =
        database
            .recurringRuns()
            .list(scope, new ListQuery(List.of(), new Sort("display_name", false), 2, null));
    assertThat(first.items()).extracting(StoredRecurringRun::displayName).containsExactly("a", "b");
    assertThat(first.totalSize()).isEqualTo(3);
    Page<StoredRecurringRun> second =
        database
            .recurringRuns()
            .list(
                scope, new ListQuery(List.of(), new Sort("display_name", false), 2, first.next()));
    assertThat(second.items()).extracting(StoredRecurringRun::displayName).containsExactly("c");
    Page<StoredRecurringRun> filtered =
        database
            .recurringRuns()
            .list(
                scope,
                new ListQuery(
                    List.of(Condition.of("display_name", Op.EQUALS, "b")),
                    new Sort("created_at", false),
                    10,
                    null));
    assertThat(filtered.items()).extracting(StoredRecurringRun::displayName).containsExactly("b");
    assertThat(
            database
                .recurringRuns()
                .list(
                    Scope.where("profile", "team-b"),
                    new ListQuery(List.of(), new Sort("created_at", false), 10, null))
                .items())
        .isEmpty();
  }

  @Test
  void finds_due_enabled_ones_and_mode_changes_win_over_claims() {
    StoredRecurringRun due = recurring("due", "* * * * * *", null);
    database.recurringRuns().create(due);
    StoredRecurringRun later = recurring("later", "* * * * * *", null);
    database.recurringRuns().create(later);
    database
        .recurringRuns()
        .setMode(later.id(), StoredRecurringRun.ENABLE, NOW.plusSeconds(60), NOW);
    assertThat(database.recurringRuns().due(NOW, 10))
        .extracting(StoredRecurringRun::id)
        .containsExactly(due.id());

    assertThat(database.recurringRuns().setMode(due.id(), StoredRecurringRun.DISABLE, null, NOW))
        .isTrue();
    assertThat(database.recurringRuns().due(NOW, 10)).isEmpty();
    // a scheduler that read it before it was disabled cannot claim its tick
    assertThat(
            database.recurringRuns().claimTick(due.id(), due.nextFireAt(), due.nextFireAt(), NOW))
        .isFalse();
    assertThat(database.recurringRuns().setMode("nope", StoredRecurringRun.ENABLE, NOW, NOW))
        .isFalse();
    assertThat(database.recurringRuns().delete(due.id())).isTrue();
    assertThat(database.recurringRuns().delete(due.id())).isFalse();
  }

  @Test
  void exactly_one_of_many_racing_callers_claims_a_tick() throws Exception {
    StoredRecurringRun r = recurring("raced", "* * * * * *", null);
    database.recurringRuns().create(r);
    Instant tick = r.nextFireAt();
    for (int round = 0; round < 5; round++) {
      Instant due = tick.plusSeconds(round);
      Instant next = due.plusSeconds(1);
      CountDownLatch go = new CountDownLatch(1);
      List<Callable<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Database db = i % 2 == 0 ? database : other;
        claims.add(
            () -> {
              go.await();
              return db.recurringRuns().claimTick(r.id(), due, due, next);
            });
      }
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        List<Future<Boolean>> results = new ArrayList<>();
        for (Callable<Boolean> c : claims) {
          results.add(pool.submit(c));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> f : results) {
          won += f.get() ? 1 : 0;
        }
        assertThat(won).as("round %d", round).isEqualTo(1);
      }
      StoredRecurringRun after = database.recurringRuns().find(r.id()).orElseThrow();
      assertThat(after.nextFireAt()).isEqualTo(next);
      assertThat(after.lastFiredAt()).isEqualTo(due);
    }
  }

  @Test
  void counts_its_unfinished_runs() {
    StoredRecurringRun r = recurring("counted", "* * * * * *", null);
    database.recurringRuns().create(r);
    int i = 0;
    for (String state : List.of("PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELING")) {
      StoredRun run =
          new StoredRun(
              UUID.randomUUID().toString(),
              "team-a",
              "p",
              "counted-" + i++,
              "",
              "{}",
              "{}",
              state,
              null,
              NOW,
              null,
              null,
              "exp-1",
              "",
              StoredRun.AVAILABLE,
              r.id());
      database.runs().create(run, null);
      assertThat(database.runs().find(run.id()).orElseThrow().recurringRunId()).isEqualTo(r.id());
    }
    assertThat(database.recurringRuns().unfinishedRuns(r.id())).isEqualTo(3);
    assertThat(database.recurringRuns().unfinishedRuns("other")).isZero();
  }
}
