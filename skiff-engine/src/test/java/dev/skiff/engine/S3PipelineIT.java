package dev.skiff.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.engine.drive.EngineConfig;
import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunState;
import dev.skiff.engine.run.RunView;
import dev.skiff.engine.run.TaskRun;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.json.JsonValue;
import dev.skiff.pipeline.value.ParameterValueException;
import dev.skiff.store.DatabaseConfig;
import dev.skiff.store.artifact.ArtifactFile;
import dev.skiff.store.artifact.S3ArtifactStore;
import dev.skiff.store.artifact.S3Settings;
import dev.skiff.testkit.S3MockServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline whose artifacts live in S3 (a real S3 server process on loopback): the local executor
 * downloads inputs into the attempt's folder, uploads outputs before reporting the step, and the
 * importer takes {@code s3://} URIs.
 */
class S3PipelineIT {
  @TempDir static Path shared;
  static S3MockServer s3;
  static S3Settings settings;
  static S3ArtifactStore direct;

  @TempDir Path home;
  EngineHarness engine;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3MockServer.start(shared.resolve("s3"), "artifacts", "data");
    settings =
        new S3Settings(
            Optional.of(s3.endpoint()),
            "us-east-1",
            "artifacts",
            "pipelines",
            true,
            Optional.of("test"),
            Optional.of("test-secret"),
            S3Settings.DEFAULT_SCHEMES);
    direct = new S3ArtifactStore(settings);
    direct.upload(
        Files.writeString(shared.resolve("input.txt"), "IMPORTED"), "s3://data/in/input.txt");
  }

  @AfterAll
  static void stopS3() {
    if (direct != null) {
      direct.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void open() {
    engine =
        new EngineHarness(
            home,
            DatabaseConfig.h2File(home),
            EngineSettings.of(home).withArtifacts(settings),
            EngineConfig.defaults());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private RunView run(String source, RunOptions options) throws Exception {
    String id =
        engine.runs.submit(
            EngineHarness.fixture("s3_artifacts.yaml"),
            "s3_artifacts.yaml",
            Map.of("source", JsonValue.of(source)),
            options);
    return engine.runs.await(id, Duration.ofSeconds(60));
  }

  private static TaskRun task(RunView run, String path) {
    return run.task(path).orElseThrow();
  }

  private static RuntimeArtifact output(RunView run, String task, String name) {
    return task(run, task).outputs().artifacts().get(name).getFirst();
  }

  @Test
  void file_and_folder_artifacts_pass_between_steps_through_the_bucket() throws Exception {
    RunView run = run("s3://data/in/input.txt", RunOptions.DEFAULT);
    assertThat(run.run().state()).as(run.toString()).isEqualTo(RunState.SUCCEEDED);
    String id = run.run().id();
    RuntimeArtifact data = output(run, "produce", "data");
    assertThat(data.uri()).isEqualTo("s3://artifacts/pipelines/" + id + "/produce/data");
    assertThat(data.customPath()).as("the staging path is not kept").isEmpty();
    try (InputStream in = direct.open(data.uri())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("payload\n");
    }
    try (Stream<ArtifactFile> files = direct.list(output(run, "produce", "model").uri())) {
      assertThat(files.map(ArtifactFile::path))
          .containsExactlyInAnyOrder("config.json", "layers/1.bin");
    }
    assertThat(task(run, "consume").outputs().parameters().get("Output"))
        .isEqualTo(JsonValue.of("payload|{}|w1|IMPORTED|" + data.uri()));
    assertThat(output(run, "importer", "artifact").uri()).isEqualTo("s3://data/in/input.txt");
    assertThat(engine.log(run, "produce", 1))
        .as("the step wrote to its attempt's staging folder, not to /s3")
        .contains("data=" + home.resolve("runs").resolve(id));
    assertThat(home.resolve("runs").resolve(id).resolve("produce/attempt-1/artifacts"))
        .as("staged files are removed once they are in the bucket")
        .doesNotExist();
  }

  @Test
  void a_runs_own_pipeline_root_is_honoured_in_the_bucket_and_locally(@TempDir Path local)
      throws Exception {
    RunView inBucket =
        run("s3://data/in/input.txt", RunOptions.DEFAULT.withPipelineRoot("s3://artifacts/mine/"));
    assertThat(inBucket.run().state()).as(inBucket.toString()).isEqualTo(RunState.SUCCEEDED);
    assertThat(output(inBucket, "produce", "data").uri())
        .isEqualTo("s3://artifacts/mine/" + inBucket.run().id() + "/produce/data");
    assertThat(inBucket.run().options().pipelineRoot()).isEqualTo("s3://artifacts/mine");

    RunView onDisk =
        run("s3://data/in/input.txt", RunOptions.DEFAULT.withPipelineRoot(local.toString()));
    assertThat(onDisk.run().state()).as(onDisk.toString()).isEqualTo(RunState.SUCCEEDED);
    Path data = local.resolve(onDisk.run().id()).resolve("produce/data");
    assertThat(output(onDisk, "produce", "data").uri()).isEqualTo(data.toUri().toString());
    assertThat(Files.readString(data)).isEqualTo("payload\n");
  }

  @Test
  void python_components_read_and_write_their_artifacts_through_the_bucket() throws Exception {
    Path testdata = SharedDir.path().resolve("kfp-testdata/sdk_compiled_pipelines/valid");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isDirectory(testdata), "kfp-testdata not found at " + testdata);
    int stored = 0;
    for (String file :
        List.of(
            "critical/multiple_artifacts_namedtuple.yaml",
            "pythonic_artifacts_with_multiple_returns.yaml",
            "local_execution/pipeline_with_collected_artifacts.yaml",
            "critical/pythonic_artifacts_test_pipeline.yaml",
            "critical/if_else_with_oneof_artifacts.yaml",
            "essential/embedded_artifact.yaml",
            "pythonic_artifacts_with_list_of_artifacts.yaml")) {
      String id =
          engine.runs.submit(
              Files.readString(testdata.resolve(file)),
              file,
              Map.of(),
              RunOptions.DEFAULT.withCache(false));
      RunView run = engine.runs.await(id, Duration.ofSeconds(120));
      assertThat(run.run().state()).as(file + ": " + run).isEqualTo(RunState.SUCCEEDED);
      for (TaskRun t : run.tasks()) {
        if (t.attempts().isEmpty()) {
          continue;
        }
        for (List<RuntimeArtifact> list : t.outputs().artifacts().values()) {
          for (RuntimeArtifact a : list) {
            assertThat(a.uri()).as(file + "#" + t.path()).startsWith("s3://artifacts/pipelines/");
            assertThat(a.customPath()).as(file + "#" + t.path()).isEmpty();
            if (direct.stat(a.uri()).isPresent()) {
              stored++;
            }
          }
        }
      }
    }
    assertThat(stored).as("artifacts the Python steps wrote, found in the bucket").isGreaterThan(3);
  }

  @Test
  void a_root_the_store_does_not_serve_is_refused_at_submit() {
    assertThatThrownBy(
            () -> run("s3://data/in/input.txt", RunOptions.DEFAULT.withPipelineRoot("gs://b/x")))
        .isInstanceOf(ParameterValueException.class)
        .hasMessageContaining("pipeline_root 'gs://b/x' is not served");
    assertThat(engine.runs.count(null)).isZero();
  }

  @Test
  void an_input_missing_from_the_bucket_fails_its_step_with_the_uri() throws Exception {
    RunView run = run("s3://data/in/missing.txt", RunOptions.DEFAULT);
    assertThat(run.run().state()).isEqualTo(RunState.FAILED);
    assertThat(task(run, "consume").attempts().getLast().message())
        .hasValueSatisfying(
            m -> assertThat(m).contains("input artifact 'imported'", "s3://data/in/missing.txt"));
  }
}
