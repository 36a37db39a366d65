package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run left unfinished by a stopped process is resumed when the server starts on its home. */
class ServerResumesRunsIT {
  @TempDir Path home;

  @Test
  void the_next_server_start_resumes_an_unfinished_run() throws Exception {
    String yaml =
        new String(
            ServerResumesRunsIT.class
                .getResourceAsStream("/pipelines/slow-chain.yaml")
                .readAllBytes());
    Path marker = home.resolve("ran.txt");
    String runId;
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        Engine engine = Engine.open(EngineSettings.of(home), db.runs())) {
      runId =
          engine
              .runs()
              .submit(
                  yaml,
                  "slow-chain.yaml",
                  Map.of("dir", JsonValue.of(marker.toString())),
                  RunOptions.DEFAULT);
      // Stop while the first step runs: the run stays stored as RUNNING.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!Files.exists(marker) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(marker).exists();
    }

    try (SkiffServer server =
        SkiffServer.start(SkiffServerIT.config(home, 0, SkiffServerIT.embedded()))) {
      RunView done = server.runs().await(runId, Duration.ofSeconds(30));
      assertThat(done.run().state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(done.task("first").orElseThrow().attempts()).hasSize(2);
      assertThat(done.task("second").orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
      // first ran twice (interrupted, then re-run), second once.
      assertThat(Files.readAllLines(marker)).hasSize(3);
    }
  }
}
