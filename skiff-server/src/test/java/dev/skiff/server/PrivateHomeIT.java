package dev.skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.pipeline.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private by default: a home the server creates is 0700 and everything Skiff and its steps write
 * there (database, token, server log, step logs, exit codes, outputs) is 0600 in 0700 folders,
 * whatever the umask of the JVM (this test runs under Maven's, typically 022); an older home left
 * open to others is narrowed on start.
 */
class PrivateHomeIT {
  @TempDir Path parent;
  @TempDir Path dir;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void a_new_home_and_what_the_server_and_its_steps_write_there_are_private() throws Exception {
    Path home = parent.resolve("home");
    String runId;
    try (SkiffServer server =
        SkiffServer.start(SkiffServerIT.config(home, 0, SkiffServerIT.embedded()))) {
      runId =
          server
              .runs()
              .submit(
                  ServerLimitsIT.holdPipeline(),
                  "hold.yaml",
                  Map.of("dir", JsonValue.of(dir.toString()), "tag", JsonValue.of("t")),
                  RunOptions.DEFAULT);
      assertThat(server.runs().await(runId, Duration.ofSeconds(60)).run().state())
          .isEqualTo(RunState.SUCCEEDED);

      assertThat(mode(home)).isEqualTo("rwx------");
      for (String file : List.of("token", "logs/server.log", "db/skiff.mv.db", "db/password")) {
        assertThat(mode(home.resolve(file))).as(file).isEqualTo("rw-------");
      }
      for (String folder : List.of("logs", "db", "artifacts", "runs")) {
        assertThat(mode(home.resolve(folder))).as(folder).isEqualTo("rwx------");
      }
      Path run = home.resolve("runs").resolve(runId);
      List<Path> written;
      try (Stream<Path> all = Files.walk(run)) {
        written = all.toList();
      }
      assertThat(written)
          .as("step logs, exit codes and outputs were written")
          .anyMatch(p -> p.endsWith("log.txt"))
          .anyMatch(p -> p.endsWith("exit-code"))
          .anyMatch(p -> p.toString().contains("outputs") && Files.isRegularFile(p));
      for (Path p : written) {
        assertThat(mode(p))
            .as(home.relativize(p).toString())
            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
  }

  @Test
  void a_home_left_open_to_others_is_narrowed_on_start() throws Exception {
    Path home = Files.createDirectories(parent.resolve("old"));
    Files.createDirectories(home.resolve("logs"));
    Files.writeString(home.resolve("logs/server.log"), "old log\n");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        home.resolve("logs"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        home.resolve("logs/server.log"), PosixFilePermissions.fromString("rw-r--r--"));
    try (SkiffServer server =
        SkiffServer.start(SkiffServerIT.config(home, 0, SkiffServerIT.embedded()))) {
      assertThat(mode(home)).isEqualTo("rwx------");
      assertThat(mode(home.resolve("logs"))).isEqualTo("rwx------");
      assertThat(mode(home.resolve("logs/server.log"))).isEqualTo("rw-------");
      assertThat(Files.readString(home.resolve("logs/server.log"))).startsWith("old log");
    }
  }
}
