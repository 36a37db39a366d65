package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What retention reads and writes ({@link RetentionRepository}) and the run deletion queries of
 * {@link RunRepository}, once per vendor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRetentionRepositoryIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final Lease LEASE = new Lease("engine-a", NOW.plusSeconds(600));

  private Database database;
  private RunRepository runs;
  private RetentionRepository retention;

  protected abstract Database openDatabase();

  @BeforeAll
  void open() {
    database = openDatabase();
    runs = database.runs();
    retention = database.retention();
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
              h.execute("DELETE FROM task_attempt");
              h.execute("DELETE FROM task");
              h.execute("DELETE FROM run");
              h.execute("DELETE FROM profile_retention");
              h.execute("DELETE FROM profile");
            });
  }

  /** A run that finished {@code daysAgo} days ago with these tasks (each with one attempt). */
  private StoredRun finished(
      String profile, String pipeline, double daysAgo, List<StoredTask> tasks) {
    Instant end = NOW.minusSeconds((long) (daysAgo * 86_400));
    StoredRun r =
        new StoredRun(
            UUID.randomUUID().toString(),
            profile,
            pipeline,
            pipeline,
            "pipelineInfo:\n  name: " + pipeline + "\n",
            "{}",
            "{}",
            "RUNNING",
            null,
            end.minusSeconds(60),
            end.minusSeconds(60),
            null);
    runs.create(r, LEASE);
    List<StoredTask> own = tasks.stream().map(t -> withRun(t, r.id())).toList();
    List<StoredAttempt> attempts =
        own.stream()
            .filter(t -> !t.cached())
            .map(
                t ->
                    new StoredAttempt(
                        r.id(), t.path(), 1, t.state(), "pid", 0, null, end, end, "container"))
            .toList();
    StoredRun done = r.withState("SUCCEEDED", null, r.startedAt(), end);
    runs.saveChanges(r.id(), LEASE, done, own, attempts);
    return done;
  }

  private StoredRun finished(String profile, String pipeline, double daysAgo) {
    return finished(profile, pipeline, daysAgo, List.of());
  }

  private StoredRun running(String profile, String pipeline, double daysAgo) {
    Instant at = NOW.minusSeconds((long) (daysAgo * 86_400));
    StoredRun r =
        new StoredRun(
            UUID.randomUUID().toString(),
            profile,
            pipeline,
            pipeline,
            "x",
            "{}",
            "{}",
            "RUNNING",
            null,
            at,
            at,
            null);
    runs.create(r, LEASE);
    return r;
  }

  private static StoredTask task(String path, String fingerprint, boolean cached) {
    return new StoredTask(
        "tbd",
        path,
        "CONTAINER",
        path,
        "SUCCEEDED",
        "{}",
        "{\"parameters\":{\"Output\":\"x\"}}",
        fingerprint,
        cached,
        null,
        NOW,
        NOW,
        NOW);
  }

  private static StoredTask withRun(StoredTask t, String runId) {
    return new StoredTask(
        runId,
        t.path(),
        t.kind(),
        t.displayName(),
        t.state(),
        t.inputs(),
        t.outputs(),
        t.fingerprint(),
        t.cached(),
        t.error(),
        t.createdAt(),
        t.startedAt(),
        t.finishedAt());
  }

  private static List<String> ids(List<FinishedRun> runs) {
    return runs.stream().map(FinishedRun::id).toList();
  }

  @Test
  void runs_finished_before_a_cutoff_are_listed_oldest_first_per_profile() {
    StoredRun old = finished("", "p", 40);
    StoredRun older = finished("", "q", 50);
    finished("", "p", 10);
    finished("team-a", "p", 60);
    running("", "p", 90);

    Instant cutoff = NOW.minusSeconds(30 * 86_400);
    assertThat(ids(retention.finishedBefore("", cutoff, 10))).containsExactly(older.id(), old.id());
    assertThat(ids(retention.finishedBefore("", cutoff, 1))).containsExactly(older.id());
    assertThat(retention.finishedBefore("", cutoff, 10).getFirst())
        .isEqualTo(new FinishedRun(older.id(), "", "q", older.createdAt(), older.finishedAt()));
    assertThat(retention.runProfiles()).containsExactly("", "team-a");
  }

  @Test
  void runs_beyond_the_newest_of_their_pipeline_are_listed_and_runs_in_progress_do_not_count() {
    StoredRun p1 = finished("team-a", "p", 5);
    StoredRun p2 = finished("team-a", "p", 4);
    StoredRun p3 = finished("team-a", "p", 3);
    finished("team-a", "p", 2);
    running("team-a", "p", 1);
    StoredRun q1 = finished("team-a", "q", 9);
    finished("team-a", "q", 8);
    finished("team-b", "p", 9);

    assertThat(ids(retention.beyondNewest("team-a", 2, 10))).containsExactly(p1.id(), p2.id());
    assertThat(ids(retention.beyondNewest("team-a", 1, 10)))
        .containsExactly(q1.id(), p1.id(), p2.id(), p3.id());
    assertThat(ids(retention.beyondNewest("team-a", 4, 10))).isEmpty();
    assertThat(ids(retention.beyondNewest("team-a", 1, 2))).containsExactly(q1.id(), p1.id());
    assertThatThrownBy(() -> retention.beyondNewest("team-a", 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void runs_whose_logs_were_deleted_are_no_longer_listed_for_their_logs() {
    StoredRun a = finished("", "p", 20);
    StoredRun b = finished("", "p", 10);
    finished("", "p", 1);
    Instant cutoff = NOW.minusSeconds(7 * 86_400);
    assertThat(ids(retention.logsBefore("", cutoff, 10))).containsExactly(a.id(), b.id());

    retention.markLogsDeleted(a.id(), NOW);
    assertThat(ids(retention.logsBefore("", cutoff, 10))).containsExactly(b.id());
    assertThat(runs.find(a.id())).isPresent();
  }

  @Test
  void a_profile_override_is_stored_replaced_and_removed_and_needs_the_profile() {
    assertThat(retention.put(new ProfileRetention("team-a", 90, null, 5))).isFalse();
    assertThat(retention.list()).isEmpty();

    database.profiles().create(Profile.of("team-a", "alice", ""));
    database.profiles().create(Profile.of("team-b", "bob", ""));
    assertThat(retention.put(new ProfileRetention("team-b", null, 3, null))).isTrue();
    assertThat(retention.put(new ProfileRetention("team-a", 90, null, 5))).isTrue();
    assertThat(retention.find("team-a")).contains(new ProfileRetention("team-a", 90, null, 5));
    assertThat(retention.put(new ProfileRetention("team-a", 0, 7, null))).isTrue();
    assertThat(retention.list())
        .containsExactly(
            new ProfileRetention("team-a", 0, 7, null),
            new ProfileRetention("team-b", null, 3, null));

    assertThat(retention.remove("team-a")).isTrue();
    assertThat(retention.remove("team-a")).isFalse();
    assertThat(retention.find("team-a")).isEmpty();

    database.profiles().delete("team-b");
    assertThat(retention.list()).as("gone with its profile").isEmpty();
    assertThatThrownBy(() -> new ProfileRetention("team-a", -1, null, null))
        .hasMessageContaining("run days must be between 0");
  }

  @Test
  void the_runs_reusing_a_runs_outputs_through_the_cache_are_found_in_its_scope_only() {
    StoredRun source =
        finished("", "p", 3, List.of(task("a", "fa", false), task("b", "fb", false)));
    StoredRun reuser = finished("", "p", 2, List.of(task("a", "fa", true), task("c", "fc", false)));
    StoredRun again = finished("", "p", 1, List.of(task("a", "fa", true), task("c", "fc", true)));
    finished("", "other-pipeline", 1, List.of(task("a", "fa", true)));
    finished("team-a", "p", 1, List.of(task("b", "fb", true)));

    Map<String, Set<String>> found = runs.reusers(List.of(source.id(), reuser.id(), again.id()));
    assertThat(found)
        .containsOnly(
            Map.entry(source.id(), Set.of(reuser.id(), again.id())),
            Map.entry(reuser.id(), Set.of(again.id())));
    assertThat(runs.reusers(List.of())).isEmpty();
  }

  @Test
  void a_finished_run_is_deleted_with_its_rows_and_cache_entries_and_a_running_one_is_not() {
    StoredRun source = finished("", "p", 3, List.of(task("a", "fa", false)));
    StoredRun keep = finished("", "p", 2, List.of(task("b", "fb", false)));
    StoredRun live = running("", "p", 1);
    assertThat(runs.findCached("", "p", "fa")).isPresent();

    assertThat(runs.deleteFinished(live.id())).isFalse();
    assertThat(runs.find(live.id())).isPresent();
    assertThat(runs.deleteFinished("no-such-run")).isFalse();

    assertThat(runs.forgetCache(source.id())).isEqualTo(1);
    assertThat(runs.findCached("", "p", "fa")).as("no new run reuses it").isEmpty();
    assertThat(runs.deleteFinished(source.id())).isTrue();
    assertThat(runs.find(source.id())).isEmpty();
    assertThat(runs.tasks(source.id())).isEmpty();
    assertThat(runs.attempts(source.id())).isEmpty();

    assertThat(runs.tasks(keep.id())).hasSize(1);
    assertThat(runs.attempts(keep.id())).hasSize(1);
    assertThat(runs.findCached("", "p", "fb")).isPresent();
  }
}
