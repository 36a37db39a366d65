package dev.skiff.engine.drive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.ownership.EngineIdentity;
import dev.skiff.engine.ownership.RunLeases;
import dev.skiff.pipeline.ParseLimits;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.Lease;
import dev.skiff.store.RunOwner;
import dev.skiff.store.StoredRun;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake's slots against a real H2 store, with a round held while it looks for abandoned runs.
 */
class RunIntakeIT {
  @TempDir Path home;

  @Test
  void a_round_reading_the_store_does_not_turn_a_submission_away_from_a_free_driver()
      throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      FailingRunRepository repo = new FailingRunRepository(db.runs());
      CountDownLatch reading = new CountDownLatch(1);
      CountDownLatch goOn = new CountDownLatch(1);
      repo.beforeLapsedRead(
          () -> {
            reading.countDown();
            try {
              goOn.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      AtomicInteger claimed = new AtomicInteger();
      RunIntake intake = intake(repo, claimed, true);
      try (intake) {
        CompletableFuture<List<String>> round = CompletableFuture.supplyAsync(intake::recover);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(intake.admitNow()).as("the one slot is free while the round reads").isTrue();
        assertThat(intake.admitNow()).as("and then taken").isFalse();
        goOn.countDown();

        assertThat(round.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(intake.driven()).isEqualTo(1);
        assertThat(claimed).hasValue(0);
      }
    }
  }

  @Test
  void a_run_found_when_a_submission_took_the_last_slot_is_claimed_when_a_slot_frees()
      throws Exception {
    try (Database db = Database.open(DatabaseConfig.h2File(home))) {
      FailingRunRepository repo = new FailingRunRepository(db.runs());
      StoredRun abandoned =
          new StoredRun(
              UUID.randomUUID().toString(),
              "",
              "p",
              "p run",
              "pipelineInfo:\n  name: p\n",
              "{}",
              "{}",
              "RUNNING",
              null,
              Instant.now().minusSeconds(120),
              null,
              null);
      repo.create(abandoned, new Lease("engine-gone", Instant.now().minusSeconds(60)));
      AtomicInteger claimed = new AtomicInteger();
      RunIntake intake = intake(repo, claimed, false); // as `skiff run`: it recovers, no takeover
      AtomicBoolean submitted = new AtomicBoolean();
      repo.beforeLapsedRead(
          () -> {
            if (submitted.compareAndSet(false, true)) {
              assertThat(intake.admitNow()).isTrue();
            }
          });
      try (intake) {
        assertThat(intake.recover()).as("no slot left for it").isEmpty();
        assertThat(claimed).hasValue(0);

        // The submitted run ends. The rounds that follow do not read the store (this intake takes
        // over nothing by itself), so the run is claimed only if the first round kept it.
        intake.start();
        intake.release();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (claimed.get() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(claimed).hasValue(1);
        assertThat(intake.driven()).isEqualTo(1);
      }
    }
  }

  /** An intake with one driver slot, counting its claims. */
  private static RunIntake intake(
      FailingRunRepository repo, AtomicInteger claimed, boolean takeOverAbandoned) {
    return new RunIntake(
        repo,
        new RunLeases(EngineIdentity.forThisProcess(), Duration.ofSeconds(15), Clock.systemUTC()),
        new RunLimits(1, 1, ParseLimits.DEFAULT),
        takeOverAbandoned,
        new RunIntake.Claims() {
          @Override
          public boolean claimAndDrive(RunOwner seen) {
            claimed.incrementAndGet();
            return true;
          }

          @Override
          public boolean resume(RunOwner held) {
            claimed.incrementAndGet();
            return true;
          }
        });
  }
}
