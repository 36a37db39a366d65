package dev.skiff.engine.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.Catalog;
import dev.skiff.engine.catalog.CatalogSettings;
import dev.skiff.engine.catalog.ListRequest;
import dev.skiff.engine.catalog.RecurringRunCatalog.NewRecurringRun;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoredRecurringRun;
import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recurring runs fired by real schedulers into a real engine (real step processes), once per
 * database: a per-second cron fires once per tick, a restart neither loses nor doubles a tick,
 * {@code no_catchup} both ways, two schedulers on one database, {@code max_concurrency}, enable and
 * disable. Ticks are read back from the names of the runs ({@code <name>-<yyyyMMddHHmmss>}).
 */
abstract class AbstractRecurringRunsIT {
  static final Requester ME = new Requester("ada", "");
  static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  @TempDir Path home;
  @TempDir Path steps;
  Node node;
  final List<RecurringRunScheduler> schedulers = new ArrayList<>();

  /** A database, an engine and a catalog on it: what a server holds. */
  record Node(Database database, Engine engine, Catalog catalog) implements AutoCloseable {
    static Node open(DatabaseConfig db, Path home) {
      Database database = Database.open(db);
      Engine engine =
          Engine.open(EngineSettings.of(home), database.runs(), EngineConfig.defaults());
      return new Node(
          database, engine, Catalog.open(database, engine.runs(), CatalogSettings.DEFAULTS));
    }

    RecurringRunScheduler scheduler() {
      return new RecurringRunScheduler(
              database.recurringRuns(), catalog.recurringRuns().submitter(), Clock.systemUTC())
          .start(Duration.ofMillis(200));
    }

    @Override
    public void close() {
      engine.close();
      database.close();
    }
  }

  /** The database of this test; recurring runs of earlier tests are removed before each. */
  protected abstract DatabaseConfig database();

  @BeforeEach
  void open() {
    node = Node.open(database(), home);
    node.database().jdbi().useHandle(h -> h.execute("DELETE FROM recurring_run"));
  }

  @AfterEach
  void close() throws IOException {
    schedulers.forEach(RecurringRunScheduler::close);
    Files.deleteIfExists(steps.resolve("hold"));
    if (node != null) {
      node.close();
    }
  }

  RecurringRunScheduler start(Node n) {
    RecurringRunScheduler s = n.scheduler();
    schedulers.add(s);
    return s;
  }

  static String fixture(String name) {
    try (InputStream in = AbstractRecurringRunsIT.class.getResourceAsStream("/pipelines/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A recurring run of {@code hold.yaml} (its first step waits while {@code steps/hold} exists).
   */
  NewRecurringRun everySecond(String name, int maxConcurrency, boolean noCatchup, boolean on) {
    return new NewRecurringRun(
        name,
        "",
        "",
        "",
        fixture("hold.yaml"),
        "",
        "",
        Map.of("dir", JsonValue.of(steps.toString()), "tag", JsonValue.of(name)),
        "",
        "",
        "* * * * * *",
        null,
        null,
        null,
        maxConcurrency,
        noCatchup,
        on);
  }

  StoredRecurringRun create(NewRecurringRun r) throws Exception {
    return node.catalog().recurringRuns().create(ME, r);
  }

  /** The runs it made, oldest first, through the run list's {@code recurring_run_id} filter. */
  List<RunRecord> runsOf(Node n, String recurringRunId) {
    return n.catalog()
        .runs()
        .list(
            ME,
            "",
            "",
            new ListRequest(
                1000,
                "",
                "created_at",
                List.of(Condition.of("recurring_run_id", Op.EQUALS, recurringRunId))))
        .items();
  }

  /** The ticks its runs were made for, from their names. */
  List<Instant> ticksOf(Node n, StoredRecurringRun r) {
    List<Instant> ticks = new ArrayList<>();
    for (RunRecord run : runsOf(n, r.id())) {
      assertThat(run.options().metadata().recurringRunId()).isEqualTo(r.id());
      assertThat(run.options().metadata().experimentId()).isEqualTo(r.experimentId());
      String name = run.displayName();
      assertThat(name).startsWith(r.displayName() + "-");
      ticks.add(
          LocalDateTime.parse(name.substring(r.displayName().length() + 1), SUFFIX)
              .toInstant(ZoneOffset.UTC));
    }
    return ticks.stream().sorted().toList();
  }

  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Every second from the first tick to the last, each once. */
  static void assertEverySecondOnce(List<Instant> ticks) {
    assertThat(ticks).doesNotHaveDuplicates();
    Instant first = ticks.getFirst();
    List<Instant> expected = new ArrayList<>();
    for (Instant t = first; !t.isAfter(ticks.getLast()); t = t.plusSeconds(1)) {
      expected.add(t);
    }
    assertThat(ticks).containsExactlyElementsOf(expected);
  }

  @Test
  void a_per_second_cron_fires_once_per_tick() throws Exception {
    StoredRecurringRun r = create(everySecond("each-second", 10, false, true));
    assertThat(r.nextFireAt()).isAfter(r.createdAt());
    start(node);
    await("4 runs", Duration.ofSeconds(20), () -> runsOf(node, r.id()).size() >= 4);
    schedulers.getFirst().close();
    List<Instant> ticks = ticksOf(node, r);
    assertEverySecondOnce(ticks);
    assertThat(ticks.getFirst()).isEqualTo(r.nextFireAt());
    StoredRecurringRun after = node.catalog().recurringRuns().get(ME, r.id());
    assertThat(after.lastFiredAt()).isEqualTo(ticks.getLast());
    assertThat(after.nextFireAt()).isEqualTo(ticks.getLast().plusSeconds(1));
  }

  @Test
  void a_restart_in_between_neither_loses_nor_doubles_a_tick() throws Exception {
    StoredRecurringRun r = create(everySecond("restarted", 10, false, true));
    start(node);
    await("2 runs", Duration.ofSeconds(20), () -> runsOf(node, r.id()).size() >= 2);
    schedulers.removeFirst().close();
    node.close();
    node = null;
    Thread.sleep(2500); // ticks are missed while it is down
    node = Node.open(database(), home);
    Instant restarted = Instant.now();
    start(node);
    await(
        "runs after the restart",
        Duration.ofSeconds(20),
        () -> ticksOf(node, r).getLast().isAfter(restarted.plusSeconds(1)));
    schedulers.getFirst().close();
    List<Instant> ticks = ticksOf(node, r);
    assertEverySecondOnce(ticks);
    assertThat(ticks.getFirst()).isEqualTo(r.nextFireAt());
  }

  @Test
  void no_catchup_false_fires_every_missed_tick() throws Exception {
    StoredRecurringRun r = create(everySecond("catch-up", 10, false, true));
    Thread.sleep(3000); // no scheduler: every tick so far is missed
    Instant started = Instant.now();
    start(node);
    await("the missed ticks", Duration.ofSeconds(20), () -> runsOf(node, r.id()).size() >= 4);
    schedulers.getFirst().close();
    List<Instant> ticks = ticksOf(node, r);
    assertEverySecondOnce(ticks);
    assertThat(ticks.getFirst()).isEqualTo(r.nextFireAt()).isBefore(started.minusSeconds(1));
  }

  @Test
  void no_catchup_true_fires_only_the_latest_missed_tick() throws Exception {
    StoredRecurringRun r = create(everySecond("no-catch-up", 10, true, true));
    Thread.sleep(3000);
    Instant started = Instant.now();
    start(node);
    await("runs", Duration.ofSeconds(20), () -> runsOf(node, r.id()).size() >= 3);
    schedulers.getFirst().close();
    List<Instant> ticks = ticksOf(node, r);
    assertThat(ticks).doesNotHaveDuplicates();
    // The ticks before the scheduler started are skipped, but for the latest one.
    assertThat(ticks.getFirst()).isAfter(started.minusSeconds(2)).isAfter(r.nextFireAt());
    assertEverySecondOnce(ticks);
  }

  @Test
  void two_schedulers_on_one_database_fire_each_tick_once() throws Exception {
    StoredRecurringRun r = create(everySecond("two-schedulers", 10, false, true));
    start(node);
    start(node);
    await("5 runs", Duration.ofSeconds(20), () -> runsOf(node, r.id()).size() >= 5);
    schedulers.forEach(RecurringRunScheduler::close);
    assertEverySecondOnce(ticksOf(node, r));
  }

  @Test
  void max_concurrency_skips_ticks_while_runs_are_unfinished() throws Exception {
    Files.createFile(steps.resolve("hold"));
    StoredRecurringRun r = create(everySecond("held", 1, false, true));
    start(node);
    await(
        "ticks claimed while one run holds",
        Duration.ofSeconds(20),
        () -> {
          StoredRecurringRun now = node.catalog().recurringRuns().get(ME, r.id());
          return now.lastFiredAt() != null
              && now.lastFiredAt().isAfter(r.nextFireAt().plusSeconds(2));
        });
    assertThat(runsOf(node, r.id())).hasSize(1);
    Files.delete(steps.resolve("hold"));
    await("a second run", Duration.ofSeconds(20), () -> runsOf(node, r.id()).size() >= 2);
    schedulers.getFirst().close();
    List<Instant> ticks = ticksOf(node, r);
    // the skipped ticks were not queued: the second run is for a tick well after the first
    assertThat(ticks.get(1)).isAfter(ticks.get(0).plusSeconds(2));
  }

  @Test
  void a_disabled_recurring_run_does_not_fire_and_enabling_counts_from_now() throws Exception {
    StoredRecurringRun r = create(everySecond("off-and-on", 10, false, false));
    assertThat(r.enabled()).isFalse();
    assertThat(r.nextFireAt()).isNull();
    start(node);
    Thread.sleep(2000);
    assertThat(runsOf(node, r.id())).isEmpty();
    Instant enabledAt = Instant.now();
    StoredRecurringRun on = node.catalog().recurringRuns().enable(ME, r.id());
    assertThat(on.enabled()).isTrue();
    assertThat(on.nextFireAt()).isAfter(enabledAt.minusSeconds(1));
    await("2 runs", Duration.ofSeconds(20), () -> runsOf(node, r.id()).size() >= 2);
    StoredRecurringRun off = node.catalog().recurringRuns().disable(ME, r.id());
    assertThat(off.enabled()).isFalse();
    assertThat(off.nextFireAt()).isNull();
    // A tick claimed just before the disable is still being submitted: wait for its run.
    Instant lastClaimed = off.lastFiredAt();
    await(
        "the run of the last claimed tick",
        Duration.ofSeconds(20),
        () -> lastClaimed == null || ticksOf(node, r).contains(lastClaimed));
    int fired = runsOf(node, r.id()).size();
    Thread.sleep(2000);
    assertThat(runsOf(node, r.id())).hasSize(fired);
    List<Instant> ticks = ticksOf(node, r);
    assertEverySecondOnce(ticks);
    assertThat(ticks.getFirst()).isEqualTo(on.nextFireAt());
  }
}
