package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.drive.RunService;
import dev.skiff.engine.executor.local.LocalExecutorConfig;
import dev.skiff.engine.executor.local.LocalProcessExecutor;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskKind;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.engine.run.TaskState;
import dev.skiff.pipeline.Pipeline;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValues;
import dev.skiff.store.Database;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.LocalArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pipeline under {@code kfp-testdata/.../valid/} run end to end through the engine, against
 * the expectation table {@code testdata-runs.tsv}: it succeeds, or fails in exactly the steps the
 * table names (each with the reason it cannot succeed on one machine without network, cloud or
 * Kubernetes), or is rejected before anything is stored. A file the table does not list fails the
 * test, so new testdata gets a decision.
 */
class TestdataRunsIT {
  @TempDir Path home;

  /** One line of the table. */
  record Expectation(String file, String outcome, List<String> detail, List<String> params) {}

  static List<Expectation> table() throws IOException {
    List<Expectation> out = new ArrayList<>();
    try (InputStream in = TestdataRunsIT.class.getResourceAsStream("/testdata-runs.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t");
        String[] expected = cols[1].split(" ", 2);
        out.add(
            new Expectation(
                cols[0],
                expected[0],
                expected.length > 1 ? List.of(expected[1].split(",")) : List.of(),
                cols.length > 2 && !cols[2].equals("-")
                    ? Arrays.asList(cols[2].split(";"))
                    : List.of()));
      }
    }
    return out;
  }

  @Test
  void every_testdata_pipeline_runs_as_the_table_says() throws Exception {
    Path dir = SharedDir.path().resolve("kfp-testdata/sdk_compiled_pipelines/valid");
    Assumptions.assumeTrue(
        Files.isDirectory(dir),
        "kfp-testdata not found at " + dir + " (set SKIFF_SHARED_DIR): skipping");
    List<Expectation> table = table();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      TreeSet<String> listed = new TreeSet<>(table.stream().map(Expectation::file).toList());
      files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
          .map(p -> dir.relativize(p).toString())
          .filter(f -> !listed.contains(f))
          .forEach(f -> problems.add(f + ": not in testdata-runs.tsv"));
    }
    // Submit everything, then wait: the runs share the machine as they would on a server.
    Map<Expectation, String> runIds = new LinkedHashMap<>();
    int succeeded = 0;
    try (Database db = Database.open(DatabaseConfig.h2File(home));
        LocalProcessExecutor executor =
            new LocalProcessExecutor(
                LocalExecutorConfig.defaults().withAllowOversubscribe(true), home);
        RunService runs =
            new RunService(
                db.runs(),
                executor,
                new LocalArtifactStore(home.resolve("artifacts")),
                EngineConfig.defaults())) {
      for (Expectation e : table) {
        if (e.outcome().equals("SKIP")) {
          continue;
        }
        String text = Files.readString(dir.resolve(e.file()));
        try {
          Pipeline p = PipelineParser.parse(text, e.file());
          Map<String, JsonValue> params =
              ParameterValues.parseAssignments(
                  e.params().stream().map(a -> a.replace("$TMP", home.toString())).toList(),
                  p.spec().root().inputDefinitions());
          String id = runs.submit(text, e.file(), params, RunOptions.DEFAULT.withCache(false));
          if (e.outcome().equals("REJECTED")) {
            problems.add(e.file() + ": expected a rejection, but it was accepted");
          }
          runIds.put(e, id);
        } catch (Exception rejected) {
          if (!e.outcome().equals("REJECTED")
              || !rejected.getMessage().contains(String.join(",", e.detail()))) {
            problems.add(e.file() + ": rejected: " + rejected.getMessage());
          }
        }
      }
      for (Map.Entry<Expectation, String> r : runIds.entrySet()) {
        Expectation e = r.getKey();
        RunView run = runs.await(r.getValue(), Duration.ofMinutes(3));
        List<String> failedSteps =
            run.tasks().stream()
                .filter(t -> t.kind() == TaskKind.CONTAINER || t.kind() == TaskKind.IMPORTER)
                .filter(t -> t.state() == TaskState.FAILED)
                .map(TaskRun::path)
                .sorted()
                .toList();
        switch (e.outcome()) {
          case "SUCCEEDED" -> {
            if (run.run().state() != RunState.SUCCEEDED) {
              problems.add(
                  e.file()
                      + ": "
                      + run.run().state()
                      + " "
                      + run.run().error().orElse("")
                      + " failed steps "
                      + failedSteps);
            } else {
              succeeded++;
            }
          }
          case "ENV" -> {
            boolean asListed =
                run.run().state() == RunState.FAILED
                    && failedSteps.equals(e.detail().stream().sorted().toList());
            if (run.run().state() != RunState.SUCCEEDED && !asListed) {
              problems.add(
                  e.file()
                      + ": expected SUCCEEDED or FAILED in "
                      + e.detail()
                      + ", got "
                      + run.run().state()
                      + " with failed steps "
                      + failedSteps);
            }
          }
          case "FAILED" -> {
            if (run.run().state() != RunState.FAILED
                || !failedSteps.equals(e.detail().stream().sorted().toList())) {
              problems.add(
                  e.file()
                      + ": expected FAILED in "
                      + e.detail()
                      + ", got "
                      + run.run().state()
                      + " with failed steps "
                      + failedSteps);
            }
          }
          default -> problems.add(e.file() + ": unknown expectation " + e.outcome());
        }
      }
    }
    System.out.println(
        "[kfp-testdata] "
            + runIds.size()
            + " pipelines run end to end, "
            + succeeded
            + " succeeded as expected");
    assertThat(problems).isEmpty();
  }
}
