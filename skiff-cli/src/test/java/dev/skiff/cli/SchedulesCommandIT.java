package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff schedules} in this process on a home, and the same commands against a running server
 * (whose scheduler then fires the schedule): the same output, {@code -o json}, exit 2 with one line
 * for bad input.
 */
class SchedulesCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path hello;

  @TempDir Path home;

  @BeforeAll
  static void locate() {
    Path root = Path.of(System.getProperty("skiff.repo.root", "..")).toAbsolutePath().normalize();
    hello = root.resolve("examples/hello-world.yaml");
  }

  private CliRun skiff(List<String> where, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(where);
    return CliRun.of(all.toArray(String[]::new));
  }

  private static void oneLineError(CliRun r, String contains) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(contains).doesNotContain("Exception");
  }

  /** Every schedules command through one transport; returns the id of an enabled per-second one. */
  private String everyCommand(List<String> where) throws Exception {
    String file = hello.toString();
    CliRun made =
        skiff(
            where,
            "schedules",
            "create",
            "greeter",
            "--cron",
            "* * * * * *",
            "--file",
            file,
            "-p",
            "name=Ada",
            "--max-concurrency",
            "3");
    assertThat(made.exit()).as(made.err()).isZero();
    assertThat(made.out())
        .startsWith("created schedule greeter (")
        .endsWith("): cron '* * * * * *', enabled\n");
    JsonNode hourly =
        JSON.readTree(
            skiff(
                    where,
                    "schedules",
                    "create",
                    "hourly",
                    "--every",
                    "3600",
                    "--file",
                    file,
                    "--disabled",
                    "--no-catchup",
                    "--start",
                    "2030-01-01T00:00:00Z",
                    "-o",
                    "json")
                .out());
    assertThat(hourly.path("status").asText()).isEqualTo("DISABLED");
    assertThat(hourly.path("no_catchup").asBoolean()).isTrue();
    assertThat(hourly.path("trigger").path("periodic_schedule").path("interval_second").asLong())
        .isEqualTo(3600);
    assertThat(hourly.path("trigger").path("periodic_schedule").path("start_time").asText())
        .isEqualTo("2030-01-01T00:00:00Z");

    // A stored pipeline: its newest version, referenced.
    assertThat(skiff(where, "pipelines", "upload", file).exit()).isZero();
    JsonNode stored =
        JSON.readTree(
            skiff(
                    where,
                    "schedules",
                    "create",
                    "stored",
                    "--every",
                    "60",
                    "--pipeline",
                    "hello-world",
                    "-p",
                    "name=Bob",
                    "--disabled",
                    "-o",
                    "json")
                .out());
    assertThat(stored.path("pipeline_version_reference").path("pipeline_version_id").asText())
        .isNotEmpty();
    assertThat(stored.has("pipeline_spec")).isFalse();
    assertThat(stored.path("runtime_config").path("parameters").path("name").asText())
        .isEqualTo("Bob");
    assertThat(skiff(where, "schedules", "delete", "stored").exit()).isZero();
    oneLineError(
        skiff(where, "schedules", "create", "x", "--cron", "61 * * * * *", "--file", file),
        "does not parse");
    oneLineError(
        skiff(where, "schedules", "create", "x", "--every", "0", "--file", file),
        "interval_second must be a positive number");
    oneLineError(
        skiff(
            where,
            "schedules",
            "create",
            "x",
            "--every",
            "5",
            "--cron",
            "* * * * *",
            "--file",
            file),
        "mutually exclusive");
    oneLineError(skiff(where, "schedules", "create", "x", "--file", file), "--cron");
    oneLineError(
        skiff(where, "schedules", "create", "x", "--every", "5", "--file", file, "--start", "soon"),
        "--start 'soon' is not an RFC 3339 time");
    oneLineError(
        skiff(
            where,
            "schedules",
            "create",
            "x",
            "--every",
            "5",
            "--file",
            file,
            "--start",
            "2030-01-02T00:00:00Z",
            "--end",
            "2030-01-01T00:00:00Z"),
        "is not after its start_time");
    oneLineError(
        skiff(where, "schedules", "create", "x", "--every", "5", "--pipeline", "nope"),
        "no pipeline 'nope'");
    oneLineError(
        skiff(
            where, "schedules", "create", "x", "--every", "5", "--file", file, "-p", "colour=red"),
        "colour");
    oneLineError(
        skiff(
            where,
            "schedules",
            "create",
            "x",
            "--every",
            "5",
            "--file",
            file,
            "--max-concurrency",
            "11"),
        "max_concurrency must be from 1 to 10");

    CliRun list = skiff(where, "schedules", "list");
    assertThat(list.out())
        .contains("SCHEDULE ID", "greeter", "ENABLED", "hourly", "DISABLED", "every 3600s");
    JsonNode listed = JSON.readTree(skiff(where, "schedules", "list", "-o", "json").out());
    assertThat(listed.path("total_size").asInt()).as("nothing stored by bad input").isEqualTo(2);
    assertThat(listed.path("recurringRuns").findValuesAsText("display_name"))
        .containsExactly("greeter", "hourly");
    assertThat(skiff(where, "schedules", "get", "greeter").out())
        .contains("name:            greeter", "status:          ENABLED", "max concurrency: 3");
    JsonNode got =
        JSON.readTree(
            skiff(where, "schedules", "get", hourly.path("recurring_run_id").asText(), "-o", "json")
                .out());
    assertThat(got.path("display_name").asText()).isEqualTo("hourly");

    assertThat(skiff(where, "schedules", "enable", "hourly").out())
        .startsWith("enabled schedule hourly (");
    assertThat(
            JSON.readTree(skiff(where, "schedules", "get", "hourly", "-o", "json").out())
                .path("status")
                .asText())
        .isEqualTo("ENABLED");
    assertThat(skiff(where, "schedules", "disable", "hourly", "-o", "json").out())
        .isEqualTo("{}\n");
    assertThat(skiff(where, "schedules", "delete", "hourly").out())
        .startsWith("deleted schedule hourly (");
    oneLineError(skiff(where, "schedules", "get", "hourly"), "no schedule 'hourly'");
    oneLineError(skiff(where, "schedules", "enable", "nope"), "no schedule 'nope'");
    oneLineError(skiff(where, "schedules", "delete", "nope"), "no schedule 'nope'");
    return JSON.readTree(skiff(where, "schedules", "get", "greeter", "-o", "json").out())
        .path("recurring_run_id")
        .asText();
  }

  @Test
  void every_schedules_command_in_this_process() throws Exception {
    everyCommand(List.of("--home", home.toString()));
  }

  @Test
  void every_schedules_command_through_a_server_which_fires_them(@TempDir Path serverHome)
      throws Exception {
    try (SkiffServer server =
        SkiffServer.start(
            new SkiffConfig(
                serverHome,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15))))) {
      String token = TokenFile.read(serverHome).orElseThrow();
      List<String> where =
          List.of("--server", server.url().toString(), "--token", token, "--home", home.toString());
      String id = everyCommand(where);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<JsonNode> fired = new ArrayList<>();
      while (fired.size() < 2) {
        assertThat(System.nanoTime()).as("runs of the schedule").isLessThan(deadline);
        Thread.sleep(200);
        fired.clear();
        for (JsonNode run : JSON.readTree(skiff(where, "runs", "-o", "json").out()).path("runs")) {
          if (id.equals(run.path("recurring_run_id").asText())) {
            fired.add(run);
          }
        }
      }
      assertThat(fired.getFirst().path("display_name").asText()).matches("greeter-\\d{14}");
      skiff(where, "schedules", "delete", "greeter");
    }
  }
}
