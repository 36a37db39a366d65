package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff run / get / logs / cancel} in-process, on a real H2 home and real processes. */
class RunCommandIT {
  private static Path examples;
  private static Path fixtures;

  @TempDir Path home;

  @BeforeAll
  static void locate() throws URISyntaxException {
    Path root = Path.of(System.getProperty("skiff.repo.root", "..")).toAbsolutePath().normalize();
    examples = root.resolve("examples");
    fixtures = Path.of(RunCommandIT.class.getResource("/pipelines").toURI());
  }

  private CliRun skiff(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--home";
    all[args.length + 1] = home.toString();
    return CliRun.of(all);
  }

  @Test
  void runs_an_example_with_parameters_and_shows_it_with_get_and_logs() throws Exception {
    CliRun run =
        skiff("run", examples.resolve("producer-consumer.yaml").toString(), "-p", "lines=4");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("SUCCEEDED  produce", "SUCCEEDED  consume", "2 succeeded");
    String runId = run.out().lines().findFirst().orElseThrow().split(" ")[1].replace(":", "");

    CliRun json = skiff("get", "run", runId.substring(0, 8), "-o", "json");
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode tree = new ObjectMapper().readTree(json.out());
    assertThat(tree.path("run_id").asText()).isEqualTo(runId);
    assertThat(tree.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(tree.path("runtime_config").path("parameters").path("lines").asInt()).isEqualTo(4);
    JsonNode produce = tree.path("tasks").path("produce");
    assertThat(produce.path("outputs").path("parameters").path("count").asInt()).isEqualTo(4);
    String dataset =
        produce.path("outputs").path("artifacts").path("dataset").get(0).path("uri").asText();
    assertThat(dataset).startsWith("file://");
    assertThat(Files.readAllLines(Path.of(java.net.URI.create(dataset)))).hasSize(4);
    assertThat(
            tree.path("tasks")
                .path("consume")
                .path("outputs")
                .path("parameters")
                .path("Output")
                .asText())
        .isEqualTo("read 4 rows");

    CliRun table = skiff("get", "run", runId);
    assertThat(table.out()).contains("produce", "count=4", "consume", "SUCCEEDED");
    CliRun list = skiff("get", "runs");
    assertThat(list.out()).contains(runId, "producer-consumer");
    CliRun logs = skiff("logs", runId, "consume");
    assertThat(logs.out()).isEqualTo("read 4 rows");
  }

  @Test
  void json_output_prints_only_the_finished_run() throws Exception {
    CliRun run =
        skiff(
            "run", examples.resolve("hello-world.yaml").toString(), "-p", "name=Ada", "-o", "json");
    assertThat(run.exit()).isZero();
    JsonNode tree = new ObjectMapper().readTree(run.out());
    assertThat(
            tree.path("tasks")
                .path("say-hello")
                .path("outputs")
                .path("parameters")
                .path("Output")
                .asText())
        .isEqualTo("Hello, Ada!");
  }

  @Test
  void a_second_identical_run_is_served_from_the_cache_unless_disabled() {
    String file = examples.resolve("hello-world.yaml").toString();
    assertThat(skiff("run", file).exit()).isZero();
    CliRun again = skiff("run", file);
    assertThat(again.out()).contains("(cached)", "1 succeeded (1 cached)");
    CliRun noCache = skiff("run", file, "--no-cache");
    assertThat(noCache.out()).doesNotContain("(cached)");
  }

  @Test
  void a_failing_step_fails_the_run_with_exit_1_and_keeps_its_log() {
    CliRun run = skiff("run", fixtures.resolve("failing.yaml").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("FAILED", "exit code 3");
    String runId = run.out().lines().findFirst().orElseThrow().split(" ")[1].replace(":", "");
    assertThat(skiff("logs", runId, "fail").out()).contains("about to fail");
  }

  @Test
  void bad_input_is_one_line_exit_2_and_stores_nothing() {
    String[][] cases = {
      {"run", home.resolve("nope.yaml").toString()},
      {"run", fixtures.resolve("malformed.yaml").toString()},
      {"run", fixtures.resolve("not-a-pipeline.yaml").toString()},
      {"run", fixtures.resolve("cycle.yaml").toString()},
      {"run", examples.resolve("producer-consumer.yaml").toString(), "-p", "lines=abc"},
      {"run", examples.resolve("producer-consumer.yaml").toString(), "-p", "nope=1"},
      {"run", examples.resolve("hello-world.yaml").toString(), "-o", "yaml"},
      {"run", fixtures.resolve("required.yaml").toString()},
      {"get", "run", "no-such-run"},
      {"logs", "no-such-run"},
      {"cancel", "no-such-run"},
      {"get", "runs", "-o", "xml"},
    };
    for (String[] c : cases) {
      CliRun r = skiff(c);
      assertThat(r.exit()).as(String.join(" ", c) + " -> " + r.err()).isEqualTo(2);
      assertThat(r.errLines()).as(r.err()).hasSize(1);
      assertThat(r.err()).startsWith("skiff: ").doesNotContain("Exception");
    }
    assertThat(skiff("run", fixtures.resolve("malformed.yaml").toString()).err())
        .contains("malformed.yaml:4");
    assertThat(skiff("run", fixtures.resolve("cycle.yaml").toString()).err()).contains("cycle");
    assertThat(skiff("get", "runs").out().lines().count()).isEqualTo(1); // the header only
  }
}
