package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;
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

  private static final Lease LEASE = new Lease("engine-a", NOW.plusSeconds(30));

  private static StoredAttempt attempt(String runId, String path, int n, String state, String h) {
    return new StoredAttempt(
        runId,
        path,
        n,
        state,
        h,
        state.equals("SUCCEEDED") ? 0 : null,
        null,
        NOW,
        state.equals("RUNNING") ? null : NOW,
        "container");
  }

  private StoredRun created(String profile, String pipeline, Instant at) {
    StoredRun r = run(profile, pipeline, at);
    repo.create(r, LEASE);
    return r;
  }

  @Test
  void a_run_is_stored_whole_and_its_state_changes() {
    StoredRun r = run("", "hello", NOW);
    repo.create(r, null);
    assertThat(repo.find(r.id())).contains(r);

    StoredRun done = r.withState("SUCCEEDED", null, NOW, NOW.plusSeconds(2));
    repo.updateRun(done);
    assertThat(repo.find(r.id())).contains(done);
    assertThat(repo.find("nope")).isEmpty();
  }

  @Test
  void runs_are_listed_newest_first_filtered_by_profile_and_counted() {
    StoredRun old = created("team-a", "p", NOW.minusSeconds(60));
    StoredRun young = created("team-a", "p", NOW);
    StoredRun mid = created("team-b", "p", NOW.minusSeconds(30));

    assertThat(repo.list(null, 10))
        .extracting(StoredRun::id)
        .containsExactly(young.id(), mid.id(), old.id());
    assertThat(repo.list("team-a", 10))
        .extracting(StoredRun::id)
        .containsExactly(young.id(), old.id());
    assertThat(repo.list(null, 1)).extracting(StoredRun::id).containsExactly(young.id());
    assertThat(repo.count(null)).isEqualTo(3);
    assertThat(repo.count("team-a")).isEqualTo(2);
    assertThat(repo.count("nobody")).isZero();
  }

  @Test
  void unfinished_runs_are_those_not_in_a_final_state() {
    StoredRun pending = run("", "p", NOW.minusSeconds(3));
    StoredRun running = run("", "p", NOW.minusSeconds(2));
    StoredRun canceling = run("", "p", NOW.minusSeconds(1));
    StoredRun done = run("", "p", NOW);
    repo.create(pending, null);
    repo.create(running.withState("RUNNING", null, NOW, null), LEASE);
    repo.create(canceling.withState("CANCELING", null, NOW, null), LEASE);
    repo.create(done.withState("FAILED", "boom", NOW, NOW), LEASE);

    assertThat(repo.unfinished()).containsExactly(pending.id(), running.id(), canceling.id());
    assertThat(repo.unfinishedOwners(10))
        .extracting(RunOwner::runId)
        .containsExactly(canceling.id(), running.id(), pending.id());
    assertThat(repo.unfinishedOwners(1)).hasSize(1);
  }

  @Test
  void the_run_its_tasks_and_attempts_of_one_round_are_saved_together_and_replaced_on_save() {
    StoredRun r = created("", "p", NOW);
    StoredTask running = task(r.id(), "for-loop-2/0/print-op", "RUNNING", null);
    StoredAttempt first = attempt(r.id(), running.path(), 1, "RUNNING", "4242@1700000000000");
    StoredRun started = r.withState("RUNNING", null, NOW, null);
    repo.saveChanges(r.id(), LEASE, started, List.of(running), List.of(first));

    assertThat(repo.find(r.id())).contains(started);
    assertThat(repo.tasks(r.id())).containsExactly(running);
    assertThat(repo.attempts(r.id())).containsExactly(first);

    StoredTask done = task(r.id(), running.path(), "SUCCEEDED", "abc");
    StoredAttempt ended = attempt(r.id(), running.path(), 1, "SUCCEEDED", "4242@1700000000000");
    repo.saveChanges(r.id(), LEASE, null, List.of(done), List.of(ended));
    assertThat(repo.tasks(r.id())).containsExactly(done);
    assertThat(repo.attempts(r.id())).containsExactly(ended);
    assertThat(repo.find(r.id())).contains(started);
  }

  @Test
  void a_group_of_changes_is_saved_in_one_transaction_or_not_at_all() {
    StoredRun r = created("", "p", NOW);
    StoredTask a = task(r.id(), "a", "RUNNING", null);
    StoredTask b = task(r.id(), "b", "SUCCEEDED", "fp");
    StoredAttempt a1 = attempt(r.id(), "a", 1, "RUNNING", "7");
    repo.saveChanges(r.id(), LEASE, null, List.of(a, b), List.of(a1));
    assertThat(repo.tasks(r.id())).containsExactly(a, b);
    assertThat(repo.attempts(r.id())).containsExactly(a1);

    StoredTask aDone = task(r.id(), "a", "SUCCEEDED", null);
    // An attempt of a task that does not exist breaks the foreign key: nothing of the round stays.
    StoredAttempt orphan = attempt(r.id(), "other", 1, "RUNNING", null);
    StoredRun finished = r.withState("SUCCEEDED", null, NOW, NOW);
    assertThatThrownBy(
            () -> repo.saveChanges(r.id(), LEASE, finished, List.of(aDone), List.of(orphan)))
        .isInstanceOf(StoreException.class);
    assertThat(repo.tasks(r.id())).containsExactly(a, b);
    assertThat(repo.find(r.id())).contains(r);
  }

  @Test
  void a_round_of_new_and_changed_rows_is_written_in_batches_and_a_missing_row_is_inserted() {
    StoredRun r = created("", "p", NOW);
    StoredTask a = task(r.id(), "a", "RUNNING", null);
    StoredTask b = task(r.id(), "b", "RUNNING", null);
    StoredAttempt a1 = attempt(r.id(), "a", 1, "RUNNING", null);
    StoredAttempt b1 = attempt(r.id(), "b", 1, "RUNNING", null);
    repo.saveChanges(
        r.id(), LEASE, new RunChanges(null, List.of(a, b), List.of(), List.of(a1, b1), List.of()));
    assertThat(repo.tasks(r.id())).containsExactly(a, b);

    StoredTask aDone = task(r.id(), "a", "SUCCEEDED", "fp-a");
    StoredTask bDone = task(r.id(), "b", "SUCCEEDED", null);
    StoredTask c = task(r.id(), "c", "RUNNING", null); // said to be stored, but it is not
    StoredAttempt a1Done = attempt(r.id(), "a", 1, "SUCCEEDED", "h-a");
    StoredAttempt c1 = attempt(r.id(), "c", 1, "RUNNING", null);
    StoredRun done = r.withState("SUCCEEDED", null, NOW, NOW);
    repo.saveChanges(
        r.id(),
        LEASE,
        new RunChanges(done, List.of(), List.of(aDone, bDone, c), List.of(), List.of(a1Done, c1)));
    assertThat(repo.tasks(r.id())).containsExactly(aDone, bDone, c);
    assertThat(repo.attempts(r.id())).containsExactly(a1Done, b1, c1);
    assertThat(repo.find(r.id())).contains(done);
    assertThat(repo.owner(r.id())).as("a finished run holds no lease").isEmpty();
    assertThat(repo.findCached("", "p", "fp-a")).contains(aDone);
  }

  @Test
  void a_driver_that_lost_its_lease_writes_nothing() {
    StoredRun r = created("", "p", NOW);
    RunOwner seen = repo.owner(r.id()).orElseThrow();
    assertThat(seen.owner()).isEqualTo("engine-a");
    Lease other = new Lease("engine-b", NOW.plusSeconds(60));
    assertThat(repo.claim(seen, other)).isTrue();

    StoredTask t = task(r.id(), "a", "RUNNING", null);
    assertThatThrownBy(() -> repo.saveChanges(r.id(), LEASE, null, List.of(t), List.of()))
        .isInstanceOf(LeaseLostException.class)
        .satisfies(e -> assertThat(((StoreException) e).isTransient()).isFalse());
    assertThat(repo.tasks(r.id())).isEmpty();

    repo.saveChanges(r.id(), other, null, List.of(t), List.of());
    assertThat(repo.tasks(r.id())).containsExactly(t);
  }

  /** Runs {@code body} for 0..n-1 on n threads released at once; what each threw, by index. */
  private static Map<Integer, RuntimeException> atOnce(int n, IntConsumer body)
      throws InterruptedException {
    Map<Integer, RuntimeException> thrown = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                      body.accept(index);
                    } catch (RuntimeException e) {
                      thrown.put(index, e);
                    } catch (InterruptedException e) {
                      thrown.put(index, new IllegalStateException(e));
                    }
                  }));
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(30_000);
    }
    return thrown;
  }

  @Test
  void runs_created_and_rounds_saved_at_once_are_each_written_or_refused_on_their_own()
      throws InterruptedException {
    int n = 16;
    StoredRun[] runs = new StoredRun[n];
    assertThat(atOnce(n, i -> runs[i] = created("", "p" + i, NOW.plusMillis(i)))).isEmpty();
    for (StoredRun r : runs) {
      assertThat(repo.find(r.id())).contains(r);
      assertThat(repo.owner(r.id()).orElseThrow().owner()).isEqualTo("engine-a");
    }
    // Run 0's lease moves to another process; run 1's round breaks a foreign key.
    assertThat(repo.claim(repo.owner(runs[0].id()).orElseThrow(), new Lease("engine-b", NOW)))
        .isTrue();
    Map<Integer, RuntimeException> thrown =
        atOnce(
            n,
            i -> {
              String id = runs[i].id();
              repo.saveChanges(
                  id,
                  LEASE,
                  i == 1
                      ? new RunChanges(
                          null,
                          List.of(),
                          List.of(),
                          List.of(attempt(id, "missing", 1, "RUNNING", null)),
                          List.of())
                      : new RunChanges(
                          runs[i].withState("RUNNING", null, NOW, null),
                          List.of(task(id, "a", "RUNNING", null)),
                          List.of(),
                          List.of(attempt(id, "a", 1, "RUNNING", "h" + i)),
                          List.of()));
            });

    assertThat(thrown.keySet()).containsExactlyInAnyOrder(0, 1);
    assertThat(thrown.get(0)).isInstanceOf(LeaseLostException.class);
    assertThat(thrown.get(1))
        .isInstanceOf(StoreException.class)
        .isNotInstanceOf(LeaseLostException.class);
    for (int i = 0; i < n; i++) {
      String id = runs[i].id();
      if (i < 2) {
        assertThat(repo.tasks(id)).as("run %d", i).isEmpty();
        assertThat(repo.find(id).orElseThrow().state()).isEqualTo("PENDING");
      } else {
        assertThat(repo.tasks(id)).as("run %d", i).containsExactly(task(id, "a", "RUNNING", null));
        assertThat(repo.attempts(id)).containsExactly(attempt(id, "a", 1, "RUNNING", "h" + i));
        assertThat(repo.find(id).orElseThrow().state()).isEqualTo("RUNNING");
      }
    }
  }

  @Test
  void of_two_claims_on_what_both_saw_exactly_one_wins() {
    StoredRun r = created("", "p", NOW);
    RunOwner seen = repo.owner(r.id()).orElseThrow();
    assertThat(repo.claim(seen, new Lease("engine-b", NOW.plusSeconds(60)))).isTrue();
    assertThat(repo.claim(seen, new Lease("engine-c", NOW.plusSeconds(60)))).isFalse();
    assertThat(repo.owner(r.id()).orElseThrow().owner()).isEqualTo("engine-b");

    StoredRun unowned = run("", "p", NOW);
    repo.create(unowned, null);
    RunOwner nobody = repo.owner(unowned.id()).orElseThrow();
    assertThat(nobody.owner()).isNull();
    assertThat(nobody.expired(NOW)).isTrue();
    assertThat(repo.claim(nobody, new Lease("engine-c", NOW.plusSeconds(60)))).isTrue();
    assertThat(repo.claim(nobody, new Lease("engine-b", NOW.plusSeconds(60)))).isFalse();
  }

  @Test
  void leases_are_renewed_released_and_finished_runs_are_not_claimed() {
    StoredRun a = created("", "p", NOW);
    StoredRun b = created("", "p", NOW);
    StoredRun done = run("", "p", NOW).withState("SUCCEEDED", null, NOW, NOW);
    repo.create(done, LEASE);
    Lease later = new Lease("engine-a", NOW.plusSeconds(300));
    assertThat(repo.renew(later)).isEqualTo(2);
    assertThat(repo.owner(a.id()).orElseThrow().leaseUntil()).isEqualTo(later.until());
    assertThat(repo.owner(done.id())).isEmpty();

    repo.release(b.id(), "someone-else");
    assertThat(repo.owner(b.id()).orElseThrow().owner()).isEqualTo("engine-a");
    repo.release(b.id(), "engine-a");
    RunOwner released = repo.owner(b.id()).orElseThrow();
    assertThat(released.owner()).isNull();
    assertThat(released.leaseUntil()).as("lapsed at once").isEqualTo(Instant.EPOCH);
    assertThat(repo.lapsed(NOW, 10)).extracting(RunOwner::runId).containsExactly(b.id());
    assertThat(repo.waiting(10)).as("a released run is not waiting for its first driver").isEmpty();
  }

  @Test
  void waiting_runs_come_oldest_first_and_lapsed_ones_newest_first() {
    StoredRun w1 = run("", "p", NOW.minusSeconds(30));
    StoredRun w2 = run("", "p", NOW.minusSeconds(20));
    repo.create(w2, null);
    repo.create(w1, null);
    StoredRun driven = created("", "p", NOW.minusSeconds(25));
    StoredRun old = run("", "p", NOW.minusSeconds(40)).withState("RUNNING", null, NOW, null);
    StoredRun young = run("", "p", NOW.minusSeconds(10)).withState("RUNNING", null, NOW, null);
    repo.create(old, new Lease("host-b/1/2/dead", NOW.minusSeconds(5)));
    repo.create(young, new Lease("host-b/1/2/dead", NOW.minusSeconds(5)));

    assertThat(repo.waiting(10)).extracting(RunOwner::runId).containsExactly(w1.id(), w2.id());
    assertThat(repo.waiting(1)).extracting(RunOwner::runId).containsExactly(w1.id());
    assertThat(repo.countWaiting()).isEqualTo(2);
    assertThat(repo.lapsed(NOW, 10))
        .extracting(RunOwner::runId)
        .containsExactly(young.id(), old.id());
    assertThat(repo.lapsed(NOW.minusSeconds(60), 10)).isEmpty();
    assertThat(repo.heldBy("host-b/1/2/dead", 1))
        .extracting(RunOwner::runId)
        .containsExactly(young.id());
    assertThat(repo.owners("host-b/", "nobody")).containsExactly("host-b/1/2/dead");
    assertThat(repo.owners("host-b/", "host-b/1/2/dead")).isEmpty();
    assertThat(repo.owners("host_", "nobody")).as("LIKE wildcards are taken literally").isEmpty();
    assertThat(repo.owners("engine-", "nobody")).containsExactly("engine-a");

    RunOwner seen = repo.waiting(1).getFirst();
    assertThat(repo.claim(seen, LEASE)).isTrue();
    assertThat(repo.waiting(10)).extracting(RunOwner::runId).containsExactly(w2.id());
    assertThat(repo.countWaiting()).isEqualTo(1);
    assertThat(repo.heldBy("engine-a", 10))
        .extracting(RunOwner::runId)
        .containsExactly(driven.id(), w1.id());
  }

  @Test
  void a_cancel_request_reaches_the_owner_of_an_unfinished_run_only() {
    StoredRun a = created("", "p", NOW);
    StoredRun done = run("", "p", NOW).withState("FAILED", "x", NOW, NOW);
    repo.create(done, LEASE);
    assertThat(repo.cancelRequests("engine-a")).isEmpty();
    assertThat(repo.requestCancel(a.id())).isTrue();
    assertThat(repo.requestCancel(done.id())).isFalse();
    assertThat(repo.requestCancel("nope")).isFalse();
    assertThat(repo.cancelRequests("engine-a")).containsExactly(a.id());
    assertThat(repo.cancelRequests("engine-b")).isEmpty();
  }

  @Test
  void the_cache_finds_the_newest_success_in_the_same_pipeline_and_profile() {
    StoredRun a = created("team-a", "p", NOW.minusSeconds(10));
    StoredRun b = created("team-b", "p", NOW);
    StoredRun c = created("team-a", "other", NOW);
    repo.saveChanges(
        a.id(),
        LEASE,
        null,
        List.of(task(a.id(), "train", "SUCCEEDED", "fp1"), task(a.id(), "eval", "FAILED", "fp2")),
        List.of());
    repo.saveChanges(
        b.id(), LEASE, null, List.of(task(b.id(), "train", "SUCCEEDED", "fp3")), List.of());
    repo.saveChanges(
        c.id(), LEASE, null, List.of(task(c.id(), "train", "SUCCEEDED", "fp3")), List.of());

    assertThat(repo.findCached("team-a", "p", "fp1"))
        .hasValueSatisfying(t -> assertThat(t.runId()).isEqualTo(a.id()));
    assertThat(repo.findCached("team-a", "p", "fp2")).as("failed tasks are never hits").isEmpty();
    assertThat(repo.findCached("team-a", "p", "fp3")).as("other profile / pipeline").isEmpty();
    assertThat(repo.findCached("team-b", "p", "fp3")).isPresent();
  }

  @Test
  void deleting_a_run_deletes_its_tasks() {
    StoredRun r = created("", "p", NOW);
    repo.saveChanges(
        r.id(),
        LEASE,
        null,
        List.of(task(r.id(), "a", "RUNNING", null)),
        List.of(attempt(r.id(), "a", 1, "RUNNING", null)));
    assertThat(repo.delete(r.id())).isTrue();
    assertThat(repo.find(r.id())).isEmpty();
    assertThat(repo.tasks(r.id())).isEmpty();
    assertThat(repo.delete(r.id())).isFalse();
  }
}
