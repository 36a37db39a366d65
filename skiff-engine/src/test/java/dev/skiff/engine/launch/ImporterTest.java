package dev.skiff.engine.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.artifact.LocalArtifactStore;
import dev.skiff.store.artifact.RoutedArtifactStore;
import dev.skiff.store.artifact.S3ArtifactStore;
import dev.skiff.store.artifact.S3Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImporterTest {
  private static final LocalArtifactStore LOCAL = new LocalArtifactStore(Path.of("/tmp/a"));

  @Test
  void local_paths_become_file_uris() throws Exception {
    assertThat(Importer.normalize("/data/x.csv", LOCAL)).isEqualTo("file:///data/x.csv");
    assertThat(Importer.normalize("file:///a", LOCAL)).isEqualTo("file:///a");
  }

  @Test
  void object_storage_uris_need_a_store_that_serves_them() {
    assertThatThrownBy(() -> Importer.normalize("s3://b/k", LOCAL))
        .hasMessageContaining("s3:// URIs need an S3 artifact store")
        .hasMessageContaining("artifacts.store: s3");
    assertThatThrownBy(() -> Importer.normalize("https://example.com/x", LOCAL))
        .hasMessageContaining("not supported");
  }

  @Test
  void an_s3_store_takes_s3_and_the_schemes_it_is_configured_for() throws Exception {
    S3Settings s3 =
        new S3Settings(
            Optional.empty(),
            "us-east-1",
            "b",
            "",
            true,
            Optional.of("k"),
            Optional.of("s"),
            Set.of("s3", "gs"));
    try (RoutedArtifactStore store = new RoutedArtifactStore(new S3ArtifactStore(s3), LOCAL)) {
      assertThat(Importer.normalize("s3://data/train.csv", store)).isEqualTo("s3://data/train.csv");
      assertThat(Importer.normalize("gs://data/train.csv", store)).isEqualTo("gs://data/train.csv");
      assertThat(Importer.normalize("/data/x", store)).isEqualTo("file:///data/x");
      assertThatThrownBy(() -> Importer.normalize("minio://b/k", store))
          .hasMessageContaining("artifacts.s3.schemes with minio");
    }
  }
}
