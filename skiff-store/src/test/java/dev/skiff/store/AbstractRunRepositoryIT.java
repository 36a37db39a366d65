package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The contract of {@link RunRepository}, once per vendor. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRunRepositoryIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  private Database database;
  private RunRepository repo;

  protected abstract Database openDatabase();

  @BeforeAll
  void open() {
    database = openDatabase();
    repo = database.runs();
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
            });
  }

  private static StoredRun run(String profile, String pipeline, Instant created) {
    return new StoredRun(
        UUID.randomUUID().toString(),
        profile,
        pipeline,
        pipeline + " run",
        "pipelineInfo:\n  name: " + pipeline + "\n" + "# ünïcødé ".repeat(2000),
        "{\"n\":20}",
        "{}",
        "PENDING",
        null,
        created,
        null,
        null);
  }

  private static StoredTask task(String runId, String path, String state, String fingerprint) {
    return new StoredTask(
        runId,
        path,
        "CONTAINER",
        path,
        state,
        "{\"parameters\":{}}",
        state.equals("SUCCEEDED") ? "{\"parameters\":{\"Output\":\"x\"}}" : null,
        fingerprint,
        false,
        null,
        NOW,
        NOW,
        state.equals("SUCCEEDED") ? NOW : null);
  }

  @Test
  void a_run_is_stored_whole_and_its_state_changes() {
    StoredRun r = run("", "hello", NOW);
    repo.create(r);
    assertThat(repo.find(r.id())).contains(r);

    StoredRun done = r.withState("SUCCEEDED", null, NOW, NOW.plusSeconds(2));
    repo.updateRun(done);
    assertThat(repo.find(r.id())).contains(done);
    assertThat(repo.find("nope")).isEmpty();
  }

  @Test
  void runs_are_listed_newest_first_and_filtered_by_profile() {
    StoredRun old = run("team-a", "p", NOW.minusSeconds(60));
    StoredRun mid = run("team-b", "p", NOW.minusSeconds(30));
    StoredRun young = run("team-a", "p", NOW);
    repo.create(old);
    repo.create(young);
    repo.create(mid);

    assertThat(repo.list(null, 10))
        .extracting(StoredRun::id)
        .containsExactly(young.id(), mid.id(), old.id());
    assertThat(repo.list("team-a", 10))
        .extracting(StoredRun::id)
        .containsExactly(young.id(), old.id());
    assertThat(repo.list(null, 1)).extracting(StoredRun::id).containsExactly(young.id());
  }

  @Test
  void unfinished_runs_are_those_not_in_a_final_state() {
    StoredRun pending = run("", "p", NOW.minusSeconds(3));
    StoredRun running = run("", "p", NOW.minusSeconds(2));
    StoredRun canceling = run("", "p", NOW.minusSeconds(1));
    StoredRun done = run("", "p", NOW);
    repo.create(pending);
    repo.create(running.withState("RUNNING", null, NOW, null));
    repo.create(canceling.withState("CANCELING", null, NOW, null));
    repo.create(done.withState("FAILED", "boom", NOW, NOW));

    assertThat(repo.unfinished()).containsExactly(pending.id(), running.id(), canceling.id());
  }

  @Test
  void a_task_and_its_attempt_are_saved_together_and_replaced_on_save() {
    StoredRun r = run("", "p", NOW);
    repo.create(r);
    StoredTask running = task(r.id(), "for-loop-2/0/print-op", "RUNNING", null);
    StoredAttempt first =
        new StoredAttempt(
            r.id(), running.path(), 1, "RUNNING", null, "/logs/1.log", null, null, NOW, null);
    repo.saveTask(running, first);
    repo.attemptStarted(r.id(), running.path(), 1, 4242L);

    assertThat(repo.tasks(r.id())).containsExactly(running);
    assertThat(repo.attempts(r.id()))
        .singleElement()
        .satisfies(a -> assertThat(a.pid()).isEqualTo(4242L));

    StoredTask done = task(r.id(), running.path(), "SUCCEEDED", "abc");
    StoredAttempt ended =
        new StoredAttempt(
            r.id(), running.path(), 1, "SUCCEEDED", 4242L, "/logs/1.log", 0, null, NOW, NOW);
    repo.saveTask(done, ended);
    assertThat(repo.tasks(r.id())).containsExactly(done);
    assertThat(repo.attempts(r.id())).containsExactly(ended);
  }

  @Test
  void a_failing_save_changes_nothing() {
    StoredRun r = run("", "p", NOW);
    repo.create(r);
    StoredTask t = task(r.id(), "train", "SUCCEEDED", null);
    // An attempt of a task that does not exist breaks the foreign key: the task must not stay.
    StoredAttempt orphan =
        new StoredAttempt(r.id(), "other", 1, "RUNNING", null, "/l", null, null, NOW, null);
    try {
      repo.saveTask(t, orphan);
    } catch (StoreException expected) {
      // the point is what is left behind
    }
    assertThat(repo.tasks(r.id())).isEmpty();
  }

  @Test
  void a_group_of_changes_is_saved_in_one_transaction_or_not_at_all() {
    StoredRun r = run("", "p", NOW);
    repo.create(r);
    StoredTask a = task(r.id(), "a", "RUNNING", null);
    StoredTask b = task(r.id(), "b", "SUCCEEDED", "fp");
    StoredAttempt a1 =
        new StoredAttempt(r.id(), "a", 1, "RUNNING", 7L, "/l", null, null, NOW, null);
    repo.saveChanges(java.util.List.of(a, b), java.util.List.of(a1));
    assertThat(repo.tasks(r.id())).containsExactly(a, b);
    assertThat(repo.attempts(r.id())).containsExactly(a1);

    StoredTask aDone = task(r.id(), "a", "SUCCEEDED", null);
    StoredAttempt orphan =
        new StoredAttempt(r.id(), "other", 1, "RUNNING", null, "/l", null, null, NOW, null);
    try {
      repo.saveChanges(java.util.List.of(aDone), java.util.List.of(orphan));
    } catch (StoreException expected) {
      // the point is what is left behind
    }
    assertThat(repo.tasks(r.id())).containsExactly(a, b);
  }

  @Test
  void the_cache_finds_the_newest_success_in_the_same_pipeline_and_profile() {
    StoredRun a = run("team-a", "p", NOW.minusSeconds(10));
    StoredRun b = run("team-b", "p", NOW);
    StoredRun c = run("team-a", "other", NOW);
    repo.create(a);
    repo.create(b);
    repo.create(c);
    repo.saveTasks(
        java.util.List.of(
            task(a.id(), "train", "SUCCEEDED", "fp1"),
            task(a.id(), "eval", "FAILED", "fp2"),
            task(b.id(), "train", "SUCCEEDED", "fp3"),
            task(c.id(), "train", "SUCCEEDED", "fp3")));

    assertThat(repo.findCached("team-a", "p", "fp1"))
        .hasValueSatisfying(t -> assertThat(t.runId()).isEqualTo(a.id()));
    assertThat(repo.findCached("team-a", "p", "fp2")).as("failed tasks are never hits").isEmpty();
    assertThat(repo.findCached("team-a", "p", "fp3")).as("other profile / pipeline").isEmpty();
    assertThat(repo.findCached("team-b", "p", "fp3")).isPresent();
  }

  @Test
  void deleting_a_run_deletes_its_tasks() {
    StoredRun r = run("", "p", NOW);
    repo.create(r);
    repo.saveTask(
        task(r.id(), "a", "RUNNING", null),
        new StoredAttempt(r.id(), "a", 1, "RUNNING", null, "/l", null, null, NOW, null));
    assertThat(repo.delete(r.id())).isTrue();
    assertThat(repo.find(r.id())).isEmpty();
    assertThat(repo.tasks(r.id())).isEmpty();
    assertThat(repo.delete(r.id())).isFalse();
  }
}
