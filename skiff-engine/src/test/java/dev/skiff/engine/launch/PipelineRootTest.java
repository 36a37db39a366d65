package dev.skiff.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.run.RunOptions;
import dev.skiff.engine.run.RunRecord;
import dev.skiff.engine.run.RunState;
import dev.skiff.pipeline.PipelineParser;
import dev.skiff.pipeline.model.PipelineSpec;
import dev.skiff.store.artifact.LocalArtifactStore;
import dev.skiff.store.artifact.RoutedArtifactStore;
import dev.skiff.store.artifact.S3ArtifactStore;
import dev.skiff.store.artifact.S3Settings;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which pipeline root a run's artifacts go under: the run's, the pipeline's, the store's. */
class PipelineRootTest {
  private static final LocalArtifactStore LOCAL = new LocalArtifactStore(Path.of("/srv/a"));

  private static RunRecord run(String root) {
    return new RunRecord(
        "r1",
        "p",
        "p",
        RunOptions.DEFAULT.withPipelineRoot(root),
        Map.of(),
        RunState.PENDING,
        Optional.empty(),
        Instant.EPOCH,
        Optional.empty(),
        Optional.empty());
  }

  private static PipelineSpec spec(String defaultRoot) throws Exception {
    PipelineSpec parsed;
    try (InputStream in =
        PipelineRootTest.class.getResourceAsStream("/pipelines/params_artifacts.yaml")) {
      parsed = PipelineParser.parse(in, "params_artifacts.yaml").spec();
    }
    return new PipelineSpec(
        parsed.pipelineInfo(),
        parsed.root(),
        parsed.components(),
        parsed.executors(),
        parsed.schemaVersion(),
        parsed.sdkVersion(),
        Optional.ofNullable(defaultRoot));
  }

  @Test
  void the_runs_own_root_wins_then_the_pipelines_then_the_stores() throws Exception {
    LaunchBuilder b = new LaunchBuilder(LOCAL);
    assertThat(b.rootFor(run(""), spec(null))).isEqualTo("file:///srv/a");
    assertThat(b.rootFor(run(""), spec("file:///data/roots/p/"))).isEqualTo("file:///data/roots/p");
    assertThat(b.rootFor(run("/tmp/mine"), spec("file:///data/roots/p")))
        .isEqualTo("file:///tmp/mine");
  }

  @Test
  void a_compiled_in_root_the_store_cannot_serve_is_passed_over() throws Exception {
    LaunchBuilder local = new LaunchBuilder(LOCAL);
    assertThat(local.rootFor(run(""), spec("s3://change/me"))).isEqualTo("file:///srv/a");
    S3Settings s3 =
        new S3Settings(
            Optional.empty(),
            "us-east-1",
            "bkt",
            "root",
            true,
            Optional.of("k"),
            Optional.of("s"),
            S3Settings.DEFAULT_SCHEMES);
    try (RoutedArtifactStore store = new RoutedArtifactStore(new S3ArtifactStore(s3), LOCAL)) {
      LaunchBuilder remote = new LaunchBuilder(store);
      assertThat(remote.rootFor(run(""), spec("s3://change/me"))).isEqualTo("s3://change/me");
      assertThat(remote.rootFor(run(""), spec("gs://elsewhere/x"))).isEqualTo("s3://bkt/root");
      assertThat(remote.rootFor(run("file:///tmp/local-root"), spec(null)))
          .isEqualTo("file:///tmp/local-root");
    }
  }

  @Test
  void roots_are_normalized_to_uris() {
    assertThat(LaunchBuilder.normalizeRoot("s3://b/p/")).contains("s3://b/p");
    assertThat(LaunchBuilder.normalizeRoot("/data/../srv/x")).contains("file:///srv/x");
    assertThat(LaunchBuilder.normalizeRoot("relative/path")).isEmpty();
  }
}
