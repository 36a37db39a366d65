package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.pipeline.executor.ExecutorInput;
import dev.skiff.pipeline.executor.RuntimeArtifact;
import dev.skiff.pipeline.model.ArtifactType;
import dev.skiff.store.artifact.LocalArtifactStore;
import dev.skiff.store.artifact.RoutedArtifactStore;
import dev.skiff.store.artifact.S3ArtifactStore;
import dev.skiff.store.artifact.S3Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArtifactStagingTest {
  private static final Path ROOT = Path.of("/home/s/runs/r/t/attempt-1/artifacts");

  @Test
  void staging_paths_mirror_the_uri_and_map_back() {
    Path p = ArtifactStaging.path(ROOT, "s3://bkt/root/r/t/model");
    assertThat(p).isEqualTo(ROOT.resolve("s3/bkt/root/r/t/model"));
    assertThat(ArtifactStaging.uriOf(ROOT, p)).contains("s3://bkt/root/r/t/model");
    assertThat(ArtifactStaging.uriOf(ROOT, Path.of("/elsewhere/x"))).isEmpty();
    assertThatThrownBy(() -> ArtifactStaging.path(ROOT, "s3://bkt/../../../etc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void remote_artifacts_get_staging_paths_and_local_ones_stay() {
    S3Settings s3 =
        new S3Settings(
            Optional.empty(),
            "us-east-1",
            "bkt",
            "",
            true,
            Optional.of("k"),
            Optional.of("s"),
            S3Settings.DEFAULT_SCHEMES);
    try (RoutedArtifactStore store =
        new RoutedArtifactStore(
            new S3ArtifactStore(s3), new LocalArtifactStore(Path.of("/home/s/artifacts")))) {
      ArtifactStaging staging = new ArtifactStaging(store);
      ArtifactType t = ArtifactType.of("system.Dataset", "0.0.1");
      RuntimeArtifact remoteIn = RuntimeArtifact.of("1", t, "s3://bkt/r/up/data");
      RuntimeArtifact localIn = RuntimeArtifact.of("2", t, "file:///data/x.csv");
      RuntimeArtifact remoteOut = RuntimeArtifact.of("model", t, "s3://bkt/r/t/model");
      ExecutorInput in =
          new ExecutorInput(
              new ExecutorInput.Inputs(
                  Map.of(), Map.of("data", List.of(remoteIn), "csv", List.of(localIn))),
              new ExecutorInput.Outputs(Map.of(), Map.of("model", List.of(remoteOut)), "/o"));
      ExecutorInput staged = staging.assign(in, ROOT);
      RuntimeArtifact data = staged.inputs().artifacts().get("data").getFirst();
      assertThat(data.uri()).isEqualTo("s3://bkt/r/up/data");
      assertThat(data.customPath()).contains(ROOT.resolve("s3/bkt/r/up/data").toString());
      assertThat(staged.inputs().artifacts().get("csv").getFirst()).isEqualTo(localIn);
      assertThat(staged.outputs().artifacts().get("model").getFirst().customPath())
          .contains(ROOT.resolve("s3/bkt/r/t/model").toString());
      assertThat(ArtifactStaging.NONE.assign(in, ROOT)).isEqualTo(in);
    }
  }
}
