package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.server.SkiffServer;
import dev.skiff.server.auth.TokenFile;
import dev.skiff.server.config.SkiffConfig;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff pipelines}, {@code experiments} and {@code runs} in this process on a home, and the
 * same commands against a running server: the same output, {@code -o json}, exit codes 0/1/2 with
 * one-line errors.
 */
class CatalogCommandsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path examples;
  private static Path fixtures;

  @TempDir Path home;
  @TempDir Path dir;

  @BeforeAll
  static void locate() throws URISyntaxException {
    Path root = Path.of(System.getProperty("skiff.repo.root", "..")).toAbsolutePath().normalize();
    examples = root.resolve("examples");
    fixtures = Path.of(CatalogCommandsIT.class.getResource("/pipelines").toURI());
  }

  private CliRun skiff(List<String> where, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(where);
    return CliRun.of(all.toArray(String[]::new));
  }

  private static void oneLineError(CliRun r, int exit, String contains) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(exit);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(contains).doesNotContain("Exception");
  }

  /** Every catalog command through one transport. */
  private void everyCommand(List<String> where) throws Exception {
    String hello = examples.resolve("hello-world.yaml").toString();
    CliRun up = skiff(where, "pipelines", "upload", hello, "--description", "greets");
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(up.out()).startsWith("uploaded pipeline hello-world (");
    CliRun json = skiff(where, "pipelines", "upload", hello, "--name", "hello-2", "-o", "json");
    JsonNode p2 = JSON.readTree(json.out());
    assertThat(p2.path("name").asText()).isEqualTo("hello-2");
    CliRun version =
        skiff(
            where,
            "pipelines",
            "upload",
            hello,
            "--version-of",
            "hello-world",
            "--version-name",
            "v2");
    assertThat(version.out()).as(version.err()).startsWith("uploaded version v2 (");
    oneLineError(
        skiff(where, "pipelines", "upload", fixtures.resolve("cycle.yaml").toString()),
        2,
        "not a valid pipeline");
    oneLineError(skiff(where, "pipelines", "upload", hello), 2, "already exists");
    oneLineError(
        skiff(where, "pipelines", "upload", dir.resolve("nope.yaml").toString()),
        2,
        "no such file");

    CliRun list = skiff(where, "pipelines", "list");
    assertThat(list.out()).contains("PIPELINE ID", "hello-world", "hello-2", "greets");
    JsonNode listed = JSON.readTree(skiff(where, "pipelines", "list", "-o", "json").out());
    assertThat(listed.path("total_size").asInt()).isEqualTo(2);
    CliRun got = skiff(where, "pipelines", "get", "hello-world");
    assertThat(got.out()).contains("name:        hello-world", "VERSION ID", "v2");
    JsonNode gotJson =
        JSON.readTree(
            skiff(where, "pipelines", "get", p2.path("pipeline_id").asText(), "-o", "json").out());
    assertThat(gotJson.path("name").asText()).isEqualTo("hello-2");
    assertThat(skiff(where, "pipelines", "delete", "hello-2").out())
        .startsWith("deleted pipeline hello-2");
    oneLineError(skiff(where, "pipelines", "get", "hello-2"), 2, "no pipeline 'hello-2'");

    CliRun exp = skiff(where, "experiments", "create", "nightly", "--description", "every night");
    assertThat(exp.out()).as(exp.err()).startsWith("created experiment nightly (");
    oneLineError(skiff(where, "experiments", "create", "nightly"), 2, "already exists");
    JsonNode exps = JSON.readTree(skiff(where, "experiments", "list", "-o", "json").out());
    assertThat(exps.path("experiments").findValuesAsText("display_name"))
        .contains("nightly", "Default");
    assertThat(skiff(where, "experiments", "list").out()).contains("nightly", "AVAILABLE");
    assertThat(skiff(where, "experiments", "archive", "nightly").out())
        .contains("archived experiment nightly");
    assertThat(skiff(where, "experiments", "list").out()).contains("ARCHIVED");
    oneLineError(skiff(where, "experiments", "archive", "nope"), 2, "no experiment 'nope'");

    // A failed run is retried; archived; deleted.
    CliRun failed =
        skiff(where, "run", fixtures.resolve("retry_run.yaml").toString(), "-p", "dir=" + dir);
    assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
    String runId = failed.out().lines().findFirst().orElseThrow().split(" ")[1].replace(":", "");
    Files.createFile(dir.resolve("go"));
    CliRun retried = skiff(where, "runs", "retry", runId.substring(0, 8));
    assertThat(retried.exit()).as(retried.out() + retried.err()).isZero();
    assertThat(retried.out()).isEqualTo("run " + runId + " SUCCEEDED\n");
    oneLineError(skiff(where, "runs", "retry", runId), 2, "only a failed or canceled run");
    CliRun runs = skiff(where, "runs");
    assertThat(runs.out()).isEqualTo(skiff(where, "get", "runs").out()).contains(runId);
    JsonNode runsJson = JSON.readTree(skiff(where, "runs", "-o", "json").out());
    assertThat(runsJson.path("runs").get(0).path("run_id").asText()).isEqualTo(runId);
    assertThat(skiff(where, "runs", "archive", runId).out())
        .isEqualTo("archived run " + runId + "\n");
    JsonNode archived = JSON.readTree(skiff(where, "get", "run", runId, "-o", "json").out());
    assertThat(archived.path("storage_state").asText()).isEqualTo("ARCHIVED");
    assertThat(skiff(where, "runs", "delete", runId, "-o", "json").out()).isEqualTo("{}\n");
    oneLineError(skiff(where, "get", "run", runId), 2, "no run");
    oneLineError(skiff(where, "runs", "delete", "nope"), 2, "no run 'nope'");
  }

  @Test
  void every_catalog_command_in_this_process() throws Exception {
    everyCommand(List.of("--home", home.toString()));
  }

  @Test
  void every_catalog_command_through_a_server(@TempDir Path serverHome) throws Exception {
    try (SkiffServer server =
        SkiffServer.start(
            new SkiffConfig(
                serverHome,
                new SkiffConfig.Http("127.0.0.1", 0, Duration.ofSeconds(5)),
                new SkiffConfig.Database(null, null, null),
                new SkiffConfig.Engine("local", Duration.ofSeconds(15))))) {
      String token = TokenFile.read(serverHome).orElseThrow();
      everyCommand(
          List.of(
              "--server", server.url().toString(), "--token", token, "--home", home.toString()));
      assertThat(home.resolve("db")).as("the client's home stays untouched").doesNotExist();
    }
  }
}
