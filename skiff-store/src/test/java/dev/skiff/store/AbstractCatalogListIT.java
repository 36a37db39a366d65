package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.query.Condition;
import dev.skiff.store.query.Cursor;
import dev.skiff.store.query.InvalidQueryException;
import dev.skiff.store.query.ListQuery;
import dev.skiff.store.query.Op;
import dev.skiff.store.query.Page;
import dev.skiff.store.query.Scope;
import dev.skiff.store.query.Sort;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Listing in SQL, once per vendor: keyset pages that cover every row once in the requested order
 * (also over two visible profiles), filters of every operation, total counts, experiments with
 * their runs, pipelines with their versions, and a retry's reopen.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractCatalogListIT {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private Database database;
  private RunRepository runs;

  protected abstract Database openDatabase();

  /** The database the tests use, open between the class's first and last test. */
  protected Database database() {
    return database;
  }

  @BeforeAll
  void open() {
    database = openDatabase();
    runs = database.runs();
  }

  @AfterAll
  void close() {
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
              h.execute("DELETE FROM run_lease");
              h.execute("DELETE FROM task_attempt");
              h.execute("DELETE FROM task");
              h.execute("DELETE FROM run");
              h.execute("DELETE FROM experiment");
              h.execute("DELETE FROM pipeline_version");
              h.execute("DELETE FROM pipeline");
              h.execute("DELETE FROM profile");
            });
  }

  private StoredRun run(String profile, int i, String state, String experiment) {
    String id = String.format("%08d-0000-0000-0000-%012d", i, i);
    StoredRun r =
        new StoredRun(
            id,
            profile,
            "p",
            "run " + (i % 7),
            "spec",
            "{}",
            "{}",
            state,
            null,
            T0.plusSeconds(i / 2), // pairs share a time: the id breaks the tie
            null,
            state.equals("SUCCEEDED") ? T0.plusSeconds(100 + i) : null,
            experiment,
            "about " + i,
            StoredRun.AVAILABLE);
    runs.create(r, null);
    return r;
  }

  private List<StoredRun> seed() {
    List<StoredRun> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      all.add(run(i % 3 == 0 ? "" : "team-a", i, i % 2 == 0 ? "SUCCEEDED" : "FAILED", "e1"));
    }
    for (int i = 23; i < 30; i++) {
      run("team-b", i, "SUCCEEDED", "e2"); // never visible to team-a
    }
    return all;
  }

  /** Every page of a list, following the cursors. */
  private <T> List<T> allPages(
      Function<ListQuery, Page<T>> list, List<Condition> filter, Sort sort, int size) {
    List<T> out = new ArrayList<>();
    Cursor after = null;
    long total = -1;
    for (int pages = 0; pages < 100; pages++) {
      Page<T> p = list.apply(new ListQuery(filter, sort, size, after));
      assertThat(p.items().size()).isLessThanOrEqualTo(size);
      total = total < 0 ? p.totalSize() : total;
      assertThat(p.totalSize()).as("the total is the same on every page").isEqualTo(total);
      out.addAll(p.items());
      if (p.next() == null) {
        assertThat(out).hasSize((int) total);
        return out;
      }
      after = p.next();
    }
    throw new AssertionError("more than 100 pages");
  }

  private static final Scope VISIBLE = Scope.anyOf("profile", List.of("team-a", ""));

  @Test
  void pages_cover_each_visible_run_once_in_order_over_two_profiles() {
    List<StoredRun> visible = seed();
    Comparator<StoredRun> byCreated =
        Comparator.comparing(StoredRun::createdAt).thenComparing(StoredRun::id);
    for (int size : new int[] {1, 4, 5, 50}) {
      List<StoredRun> asc =
          allPages(q -> runs.list(VISIBLE, q), List.of(), new Sort("created_at", false), size);
      assertThat(asc)
          .extracting(StoredRun::id)
          .containsExactlyElementsOf(
              visible.stream().sorted(byCreated).map(StoredRun::id).toList());
      List<StoredRun> desc =
          allPages(q -> runs.list(VISIBLE, q), List.of(), new Sort("created_at", true), size);
      assertThat(desc)
          .extracting(StoredRun::id)
          .containsExactlyElementsOf(
              visible.stream().sorted(byCreated.reversed()).map(StoredRun::id).toList());
    }
    List<StoredRun> byName =
        allPages(q -> runs.list(VISIBLE, q), List.of(), new Sort("display_name", false), 3);
    assertThat(byName).extracting(StoredRun::id).doesNotHaveDuplicates().hasSize(visible.size());
    assertThat(byName).extracting(StoredRun::displayName).isSorted();
    // A nullable sort field: runs that never finished sort first.
    List<StoredRun> byFinish =
        allPages(q -> runs.list(VISIBLE, q), List.of(), new Sort("finished_at", false), 4);
    assertThat(byFinish).hasSize(visible.size());
    assertThat(byFinish.getFirst().finishedAt()).isNull();
    assertThat(byFinish.getLast().finishedAt()).isNotNull();
    assertThat(byFinish.get(0).spec()).as("lists do not read the pipeline file").isEmpty();
  }

  @Test
  void filters_of_every_operation_run_in_sql_with_the_right_total() {
    seed();
    Scope a = Scope.anyOf("profile", List.of("team-a"));
    assertThat(count(a, Condition.of("state", Op.EQUALS, "succeeded"))).isEqualTo(8);
    assertThat(count(a, Condition.of("state", Op.NOT_EQUALS, "SUCCEEDED"))).isEqualTo(7);
    assertThat(count(VISIBLE, Condition.of("state", Op.EQUALS, "SUCCEEDED")))
        .as("counted per visible profile and added up")
        .isEqualTo(12);
    assertThat(
            count(Scope.where("experiment_id", "e1"), Condition.of("state", Op.EQUALS, "FAILED")))
        .isEqualTo(11);
    assertThat(
            count(
                Scope.where("experiment_id", "e2"), Condition.of("state", Op.EQUALS, "SUCCEEDED")))
        .isEqualTo(7);
    assertThat(count(VISIBLE, new Condition("state", Op.IN, List.of("FAILED", "CANCELED"))))
        .isEqualTo(11);
    assertThat(count(VISIBLE, new Condition("state", Op.IN, List.of()))).isZero();
    assertThat(count(VISIBLE, Condition.of("display_name", Op.IS_SUBSTRING, "RUN 3"))).isEqualTo(3);
    assertThat(count(VISIBLE, Condition.of("description", Op.IS_SUBSTRING, "about 1%")))
        .as("% is a character, not a wildcard")
        .isZero();
    Instant t5 = T0.plusSeconds(5);
    assertThat(count(VISIBLE, Condition.of("created_at", Op.GREATER_THAN_EQUALS, t5)))
        .isEqualTo(13);
    assertThat(count(VISIBLE, Condition.of("created_at", Op.LESS_THAN, t5.getEpochSecond())))
        .isEqualTo(10);
    assertThat(count(VISIBLE, Condition.of("created_at", Op.GREATER_THAN, t5.toString())))
        .isEqualTo(11);
    assertThat(count(VISIBLE, Condition.of("storage_state", Op.EQUALS, "STORAGESTATE_AVAILABLE")))
        .isEqualTo(23);
    assertThat(
            count(
                Scope.where("experiment_id", "e2"),
                Condition.of("id", Op.LESS_THAN_EQUALS, "00000025-0000-0000-0000-000000000025")))
        .isEqualTo(3);
    assertThatThrownBy(() -> count(VISIBLE, Condition.of("colour", Op.EQUALS, "red")))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("unknown field 'colour' for runs; known: ");
    assertThatThrownBy(() -> count(VISIBLE, Condition.of("display_name", Op.EQUALS, 5L)))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("display_name");
    assertThatThrownBy(() -> count(VISIBLE, Condition.of("created_at", Op.EQUALS, "yesterday")))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("RFC 3339");
    assertThatThrownBy(() -> count(VISIBLE, Condition.of("created_at", Op.IS_SUBSTRING, "x")))
        .isInstanceOf(InvalidQueryException.class);
  }

  private long count(Scope scope, Condition c) {
    Page<StoredRun> p =
        runs.list(scope, new ListQuery(List.of(c), new Sort("created_at", true), 2, null));
    List<StoredRun> all = allPages(q -> runs.list(scope, q), List.of(c), new Sort("id", false), 4);
    assertThat(all).hasSize((int) p.totalSize());
    return p.totalSize();
  }

  @Test
  void experiments_archive_their_runs_and_stay_unique_by_name_per_profile() {
    ExperimentRepository experiments = database.experiments();
    StoredExperiment e1 = experiment("team-a", "Default");
    experiments.create(e1);
    StoredExperiment e2 = experiment("team-b", "Default");
    experiments.create(e2);
    assertThatThrownBy(() -> experiments.create(experiment("team-a", "Default")))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("\"Default\" already exists");
    StoredRun r = run("team-a", 1, "SUCCEEDED", e1.id());
    StoredRun other = run("team-a", 2, "SUCCEEDED", null);
    assertThat(experiments.findByName("team-a", "Default"))
        .contains(
            new StoredExperiment(
                e1.id(),
                e1.profile(),
                e1.displayName(),
                e1.description(),
                e1.storageState(),
                e1.createdAt(),
                r.createdAt()));

    assertThat(experiments.archive(e1.id())).isTrue();
    assertThat(experiments.find(e1.id()).orElseThrow().storageState()).isEqualTo("ARCHIVED");
    assertThat(runs.find(r.id()).orElseThrow().storageState()).isEqualTo("ARCHIVED");
    assertThat(runs.find(other.id()).orElseThrow().storageState()).isEqualTo("AVAILABLE");
    assertThat(experiments.unarchive(e1.id())).isTrue();
    assertThat(experiments.find(e1.id()).orElseThrow().storageState()).isEqualTo("AVAILABLE");
    assertThat(runs.find(r.id()).orElseThrow().storageState())
        .as("runs stay archived, as in KFP")
        .isEqualTo("ARCHIVED");
    assertThat(runs.setStorageState(r.id(), "AVAILABLE")).isTrue();
    assertThat(runs.setStorageState("nope", "AVAILABLE")).isFalse();

    assertThat(experiments.find(e1.id()).orElseThrow().lastRunCreatedAt())
        .as("stored with the run")
        .isEqualTo(r.createdAt());
    run("team-a", 18, "SUCCEEDED", e1.id()); // created at T0 + 9 s
    run("team-a", 6, "SUCCEEDED", e1.id()); // older: the newer time stays
    assertThat(experiments.find(e1.id()).orElseThrow().lastRunCreatedAt())
        .isEqualTo(T0.plusSeconds(9));
    assertThat(experiments.find(e2.id()).orElseThrow().lastRunCreatedAt())
        .as("another experiment's runs leave it alone")
        .isNull();

    Page<StoredExperiment> page =
        experiments.list(
            Scope.anyOf("profile", List.of("team-a")),
            new ListQuery(
                List.of(Condition.of("display_name", Op.EQUALS, "Default")),
                new Sort("created_at", false),
                10,
                null));
    assertThat(page.items()).containsExactly(experiments.find(e1.id()).orElseThrow());
    assertThat(page.totalSize()).isEqualTo(1);
    assertThat(experiments.delete(e1.id())).isTrue();
    assertThat(experiments.delete(e1.id())).isFalse();
    assertThat(runs.find(r.id())).as("a deleted experiment's runs stay").isPresent();
  }

  private static StoredExperiment experiment(String profile, String name) {
    return new StoredExperiment(
        UUID.randomUUID().toString(), profile, name, "", null, Instant.now(), null);
  }

  @Test
  void pipelines_list_their_versions_and_delete_with_them() {
    database.profiles().create(Profile.of("team-a", "ada", ""));
    PipelineRepository pipelines = database.pipelines();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<StoredPipeline> made = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      StoredPipeline p =
          new StoredPipeline(
              UUID.randomUUID().toString(), "team-a", "p" + i, "P " + i, "", now.plusSeconds(i));
      pipelines.create(p);
      made.add(p);
    }
    StoredPipeline p0 = made.getFirst();
    for (int v = 0; v < 3; v++) {
      pipelines.createVersion(
          new StoredPipelineVersion(
              UUID.randomUUID().toString(),
              p0.id(),
              "v" + v,
              "",
              "spec " + v,
              now.plusSeconds(v),
              "version " + v,
              "https://example.com/src",
              ""));
    }
    assertThatThrownBy(
            () ->
                pipelines.createVersion(
                    new StoredPipelineVersion(
                        UUID.randomUUID().toString(), p0.id(), "v1", "", "x", now)))
        .isInstanceOf(AlreadyExistsException.class);
    assertThat(pipelines.latestVersion(p0.id()).orElseThrow().name()).isEqualTo("v2");
    List<StoredPipeline> listed =
        allPages(
            q -> pipelines.list(Scope.anyOf("profile", List.of("team-a")), q),
            List.of(),
            new Sort("created_at", true),
            2);
    assertThat(listed).containsExactlyElementsOf(made.reversed());
    List<StoredPipelineVersion> versions =
        allPages(
            q -> pipelines.listVersions(Scope.where("pipeline_id", p0.id()), q),
            List.of(Condition.of("display_name", Op.IS_SUBSTRING, "version")),
            new Sort("name", false),
            2);
    assertThat(versions).extracting(StoredPipelineVersion::name).containsExactly("v0", "v1", "v2");
    assertThat(versions.getFirst().codeSourceUrl()).isEqualTo("https://example.com/src");
    assertThat(pipelines.delete(p0.id())).isTrue();
    assertThat(pipelines.versions(p0.id())).isEmpty();
    assertThat(pipelines.find(p0.id())).isEmpty();
  }

  @Test
  void a_reopen_happens_once_and_hands_the_run_to_the_retrying_process() {
    StoredRun failed = run("team-a", 1, "FAILED", null);
    StoredTask ok =
        new StoredTask(
            failed.id(),
            "a",
            "CONTAINER",
            "a",
            "SUCCEEDED",
            "{}",
            "{}",
            null,
            false,
            null,
            T0,
            T0,
            T0);
    StoredTask bad =
        new StoredTask(
            failed.id(),
            "b",
            "CONTAINER",
            "b",
            "FAILED",
            "{}",
            null,
            null,
            false,
            "boom",
            T0,
            T0,
            T0);
    StoredTask never =
        new StoredTask(
            failed.id(),
            "c",
            "CONTAINER",
            "c",
            "FAILED",
            "{}",
            null,
            null,
            false,
            "no input",
            T0,
            null,
            T0);
    database
        .jdbi()
        .useHandle(
            h -> {
              for (StoredTask t : List.of(ok, bad, never)) {
                h.createUpdate(
                        "INSERT INTO task (run_id, path, kind, display_name, state, created_at)"
                            + " VALUES (:r, :p, 'CONTAINER', :p, :s, :t)")
                    .bind("r", t.runId())
                    .bind("p", t.path())
                    .bind("s", t.state())
                    .bind("t", T0.atOffset(java.time.ZoneOffset.UTC))
                    .execute();
              }
            });
    StoredRun pending = failed.withState("PENDING", null, failed.startedAt(), null);
    StoredTask retried =
        new StoredTask(
            failed.id(),
            "b",
            "CONTAINER",
            "b",
            "RUNNING",
            "{}",
            null,
            null,
            false,
            null,
            T0,
            T0.plusSeconds(60),
            null);
    Lease lease = new Lease("me", Instant.now().plusSeconds(30));
    assertThat(runs.reopen(pending, "FAILED", lease, List.of(retried), List.of("c"))).isTrue();
    assertThat(runs.reopen(pending, "FAILED", lease, List.of(retried), List.of("c")))
        .as("a second retry of the same failure does nothing")
        .isFalse();
    assertThat(runs.find(failed.id()).orElseThrow().state()).isEqualTo("PENDING");
    assertThat(runs.owner(failed.id()).orElseThrow().owner()).isEqualTo("me");
    assertThat(runs.tasks(failed.id()))
        .extracting(StoredTask::path, StoredTask::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", "SUCCEEDED"),
            org.assertj.core.groups.Tuple.tuple("b", "RUNNING"));
  }

  @Test
  void finished_runs_are_imported_in_one_batch() {
    List<StoredRun> batch = new ArrayList<>();
    List<StoredTask> tasks = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      StoredRun r =
          new StoredRun(
              UUID.randomUUID().toString(),
              "team-a",
              "p",
              "imported " + i,
              "{}",
              "{}",
              "{}",
              "SUCCEEDED",
              null,
              T0,
              T0,
              T0,
              null,
              "",
              null);
      batch.add(r);
      tasks.add(
          new StoredTask(
              r.id(),
              "t",
              "CONTAINER",
              "t",
              "SUCCEEDED",
              "{}",
              "{}",
              null,
              false,
              null,
              T0,
              T0,
              T0));
    }
    runs.createAll(batch, tasks);
    assertThat(runs.find(batch.get(2).id())).contains(batch.get(2));
    assertThat(runs.tasks(batch.get(0).id())).hasSize(1);
    StoredRun pending = batch.getFirst().withState("PENDING", null, null, null);
    assertThatThrownBy(() -> runs.createAll(List.of(pending), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
