package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.run.AttemptState;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finished work is not redone: the embedded database is closed under a running step (as H2 closes
 * itself after running out of memory or failing a write), the step ends while its result cannot be
 * recorded, and the engine that resumes the run on the reopened database adopts the result from the
 * attempt's folder instead of running the step again. Meanwhile the closed database is reported as
 * closed, is not silently reopened by the pool, and the run is not failed.
 */
class StoreClosedUnderStepIT {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration BEAT = Duration.ofMillis(200);

  @TempDir Path home;
  @TempDir Path dir;

  private EngineSettings settings(boolean takeOver) {
    return new EngineSettings(home, EngineSettings.LOCAL, false, takeOver, LEASE, BEAT);
  }

  @Test
  void a_step_that_ends_while_the_store_is_closed_is_adopted_not_run_again() throws Exception {
    DatabaseConfig config = DatabaseConfig.h2File(home, DatabaseConfig.Sharing.EXCLUSIVE);
    Files.createFile(dir.resolve("hold"));
    String id;
    try (Database db = Database.open(config);
        Engine engine = Engine.open(settings(false), db.runs(), EngineConfig.defaults())) {
      id =
          engine
              .runs()
              .submit(
                  EngineHarness.fixture("hold.yaml"),
                  "hold.yaml",
                  Map.of("dir", JsonValue.of(dir.toString()), "tag", JsonValue.of("t")),
                  RunOptions.DEFAULT);
      RunLimitsIT.waitFor(() -> Files.exists(dir.resolve("t.started")), "first started");
      Thread.sleep(600); // its process handle is written

      try {
        db.jdbi().useHandle(h -> h.execute("SHUTDOWN"));
      } catch (RuntimeException closedUnderIt) {
        // the statement's own connection goes with the database
      }
      assertThat(db.health().state()).isEqualTo(Database.State.CLOSED);
      assertThat(db.health().detail()).contains("was closed");
      // The pool does not open the file again behind the engine's back.
      try {
        db.runs().find(id);
        throw new AssertionError("the closed database answered");
      } catch (StoreException e) {
        assertThat(e.isUnavailable()).as(e.getMessage()).isTrue();
      }

      Files.delete(dir.resolve("hold")); // the step ends now, unrecorded
      Path exitFile = home.resolve("runs").resolve(id).resolve("first/attempt-1/exit-code");
      RunLimitsIT.waitFor(() -> Files.exists(exitFile), "the step's exit status on disk");
      RunLimitsIT.waitFor(() -> !engine.runs().isActive(id), "the driver stopped");
    } // as a server that exits: its engine and database close

    // Restarted: the lease of the old engine lapses, the new one takes the run over.
    try (Database db = Database.open(config)) {
      // read before the engine opens: it may take the run over and finish it at once
      assertThat(db.runs().find(id).orElseThrow().state())
          .as("not failed while the store was closed")
          .isEqualTo("RUNNING");
      try (Engine engine = Engine.open(settings(true), db.runs(), EngineConfig.defaults())) {
        RunView done = engine.runs().await(id, Duration.ofSeconds(60));
        assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(Files.readAllLines(dir.resolve("first"))).as("ran once").containsExactly("t");
        assertThat(Files.readAllLines(dir.resolve("second"))).containsExactly("t");
        assertThat(done.task("first").orElseThrow().attempts())
            .extracting(a -> a.state())
            .containsExactly(AttemptState.SUCCEEDED);
        assertThat(done.task("second").orElseThrow().outputs().parameters().get("Output"))
            .isEqualTo(JsonValue.of("t!"));
      }
    }
  }
}
