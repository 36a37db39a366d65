package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI under limits and failures: a pipeline over the size limit is refused before it is read
 * (one line, exit 2); a busy server (429) is waited for, as its {@code Retry-After} says, and said
 * on one line; a server whose embedded database is closed under it exits 1 with one line naming the
 * cause; and {@code skiff run} exits after SIGTERM even while its engine is stuck on a database
 * that went away.
 */
class CliReliabilityIT {
  @TempDir Path home;
  @TempDir Path work;

  private static String holdPipeline() throws IOException {
    try (InputStream in = CliReliabilityIT.class.getResourceAsStream("/pipelines/hold.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void a_file_over_the_size_limit_is_refused_in_one_line_with_exit_2() throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("skiff.yaml"), "engine.maxPipelineBytes: 1KiB\n");
    Path file = Files.writeString(work.resolve("hold.yaml"), holdPipeline());
    CliRun r = CliRun.of("run", file.toString(), "--home", home.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err())
        .contains("the limit is 1 KiB")
        .contains("engine.maxPipelineBytes")
        .doesNotContain("Exception");
    assertThat(home.resolve("db")).as("nothing stored").doesNotExist();
  }

  @Test
  void a_busy_server_is_waited_for_and_said_in_one_line() throws Exception {
    Path dir = Files.createDirectories(work.resolve("steps"));
    Files.createFile(dir.resolve("hold"));
    try (SkiffServer server =
        SkiffServer.start(
            new SkiffConfig(
                home,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15), 1, 1, 32L << 20)))) {
      for (String tag : List.of("a", "b")) { // one driven, one waiting: the backlog is full
        server
            .runs()
            .submit(
                holdPipeline(),
                "hold.yaml",
                Map.of("dir", JsonValue.of(dir.toString()), "tag", JsonValue.of(tag)),
                RunOptions.DEFAULT);
      }
      Path file = Files.writeString(work.resolve("hold.yaml"), holdPipeline());
      String token = TokenFile.read(home).orElseThrow();
      CompletableFuture<CliRun> cli =
          CompletableFuture.supplyAsync(
              () ->
                  CliRun.of(
                      "run",
                      file.toString(),
                      "-p",
                      "dir=" + dir,
                      "-p",
                      "tag=c",
                      "--server",
                      server.url().toString(),
                      "--token",
                      token));
      waitFor(() -> server.metrics().scrape().contains("status=\"429\""), "the CLI met a 429");
      Thread.sleep(1_500);
      assertThat(cli).as("it waits").isNotDone();
      Files.delete(dir.resolve("hold"));
      CliRun r = cli.get(120, TimeUnit.SECONDS);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.err())
          .contains("is busy (1 runs wait for a driver (the limit is 1)")
          .contains("to submit again");
      for (String line : r.errLines()) {
        assertThat(line).startsWith("skiff: server");
      }
      assertThat(Files.readAllLines(dir.resolve("first"))).containsExactly("a", "b", "c");
    }
  }

  @Test
  void a_server_whose_embedded_database_is_closed_exits_1_with_one_line() throws Exception {
    Process p =
        new ProcessBuilder(
                java(),
                "-cp",
                System.getProperty("java.class.path"),
                StoreClosingServerMain.class.getName(),
                "server",
                "--home",
                home.toString(),
                "--port",
                "0")
            .redirectOutput(work.resolve("out.txt").toFile())
            .redirectError(work.resolve("err.txt").toFile())
            .start();
    boolean ended = p.waitFor(90, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(work.resolve("out.txt"));
    String err = Files.readString(work.resolve("err.txt"));
    assertThat(ended).as("exited; out: %s err: %s", out, err).isTrue();
    assertThat(out).contains("STORE CLOSED");
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    List<String> said = err.lines().filter(l -> l.startsWith("skiff:")).toList();
    assertThat(said).as(err).hasSize(1);
    assertThat(said.getFirst()).startsWith("skiff: embedded database").contains("was closed");
    assertThat(err).as("no stack trace").doesNotContain("\tat ");
  }

  @Test
  void sigterm_ends_skiff_run_even_when_its_engine_is_stuck_on_a_database_that_went_away()
      throws Exception {
    Path dir = Files.createDirectories(work.resolve("steps"));
    Files.createFile(dir.resolve("hold"));
    Path file = Files.writeString(work.resolve("hold.yaml"), holdPipeline());
    EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    Process p = null;
    try {
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              java(),
              "-cp",
              System.getProperty("java.class.path"),
              Main.class.getName(),
              "run",
              file.toString(),
              "-p",
              "dir=" + dir,
              "-p",
              "tag=t",
              "--home",
              home.toString(),
              "--db",
              pg.getJdbcUrl("postgres", "postgres"),
              "--db-user",
              "postgres"));
      p =
          new ProcessBuilder(command)
              .redirectOutput(work.resolve("out.txt").toFile())
              .redirectError(work.resolve("err.txt").toFile())
              .start();
      Process child = p;
      waitFor(() -> Files.exists(dir.resolve("t.started")) || !child.isAlive(), "the step started");
      assertThat(p.isAlive()).as(Files.readString(work.resolve("err.txt"))).isTrue();
      Thread.sleep(500);
      pg.close(); // the database goes away under the running command
      Files.delete(dir.resolve("hold")); // the step ends; its result cannot be written
      Thread.sleep(1_000);

      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      boolean ended = p.waitFor(45, TimeUnit.SECONDS);
      long tookMs = (System.nanoTime() - t0) / 1_000_000;
      String err = Files.readString(work.resolve("err.txt"));
      assertThat(ended).as("exited after SIGTERM; err: %s", err).isTrue();
      System.out.printf("skiff run exited %d ms after SIGTERM%n", tookMs);
      assertThat(err).contains("did not end within 10s of the cancel; exiting");
      assertThat(err).as("no stack trace").doesNotContain("\tat ");
    } finally {
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
      pg.close();
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
