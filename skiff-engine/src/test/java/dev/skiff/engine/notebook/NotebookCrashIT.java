package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.Engine;
import dev.skiff.engine.EngineSettings;
import dev.skiff.engine.catalog.Requester;
import dev.skiff.engine.executor.local.ProcessGroups;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook server outlives a {@code kill -9} of Skiff: the engine of the next process finds it
 * again by its stored handle (same process, event Reattached), and deleting it then leaves no
 * process.
 */
class NotebookCrashIT {

  @Test
  void a_server_survives_a_killed_engine_and_is_reattached(@TempDir Path home) throws Exception {
    Path log = home.resolve("child.log");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NotebookCrashMain.class.getName(),
                home.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (!Files.readString(log).contains("RUNNING")
          && !Files.readString(log).contains("FAILED")) {
        assertThat(child.isAlive()).as("child alive; log: %s", Files.readString(log)).isTrue();
        assertThat(System.nanoTime())
            .as("server started; log: %s", Files.readString(log))
            .isLessThan(deadline);
        Thread.sleep(50);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
      child.waitFor(10, TimeUnit.SECONDS);
    }
    String out = Files.readString(log);
    Assumptions.assumeFalse(
        out.contains("FAILED") && out.contains("no notebook"), "no Jupyter server here: " + out);
    assertThat(out).contains("RUNNING");

    try (Database db = Database.open(DatabaseConfig.h2File(home));
        Engine engine = Engine.open(EngineSettings.of(home), db.runs(), db.profiles())) {
      long pid = pid(db.notebooks().find("team-a", "crash").orElseThrow().handle());
      assertThat(ProcessHandle.of(pid)).as("the server outlived the engine").isPresent();
      NotebookService notebooks =
          engine.notebooks(NotebookSettings.defaults(), db.notebooks(), NotebookCredentials.NONE);
      Requester ada = new Requester("ada", "team-a");
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      // The endpoint is known as soon as the server answers; the status is stored just after.
      while ((notebooks.endpoint(ada, "team-a", "crash").isEmpty()
              || notebooks.get(ada, "team-a", "crash").status() != NotebookStatus.RUNNING)
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(notebooks.get(ada, "team-a", "crash").status()).isEqualTo(NotebookStatus.RUNNING);
      assertThat(pid(db.notebooks().find("team-a", "crash").orElseThrow().handle())).isEqualTo(pid);
      assertThat(notebooks.events(ada, "team-a", "crash"))
          .extracting(NotebookEvent::reason)
          .containsSubsequence("Created", "Started", "Reattached");
      NotebookEndpoint e = notebooks.endpoint(ada, "team-a", "crash").orElseThrow();
      assertThat(NotebookHarness.get(e, "api/status").statusCode()).isEqualTo(200);

      notebooks.delete(ada, "team-a", "crash", true);
      assertThat(ProcessGroups.members(pid)).isEmpty();
    }
  }

  private static long pid(String handle) {
    Matcher m = Pattern.compile("\"pid\":(\\d+)").matcher(handle);
    assertThat(m.find()).as(handle).isTrue();
    return Long.parseLong(m.group(1));
  }
}
