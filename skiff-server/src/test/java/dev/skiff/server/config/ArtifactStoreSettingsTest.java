package dev.skiff.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.server.config.ConfigLoader.Overrides;
import dev.skiff.store.artifact.ArtifactStoreConfig;
import dev.skiff.store.artifact.S3Settings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreSettingsTest {
  @TempDir Path home;

  private SkiffConfig load(String yaml, Map<String, String> env) throws IOException {
    if (yaml != null) {
      Files.writeString(home.resolve("skiff.yaml"), yaml);
    }
    return ConfigLoader.load(new Overrides(home, null, null, null, null, null, null), env);
  }

  @Test
  void local_is_the_default() throws IOException {
    assertThat(load(null, Map.of()).artifacts()).isEqualTo(ArtifactStoreConfig.LOCAL);
    assertThat(load(null, Map.of()).engineSettings(true, false).artifacts())
        .isEqualTo(ArtifactStoreConfig.LOCAL);
  }

  @Test
  void minio_from_the_file_with_keys_from_the_environment() throws IOException {
    SkiffConfig c =
        load(
            """
            artifacts:
              store: s3
              s3:
                endpoint: http://127.0.0.1:9000
                bucket: mlpipeline
                prefix: v2/artifacts
            """,
            Map.of("SKIFF_S3_ACCESS_KEY_ID", "minio", "SKIFF_S3_SECRET_ACCESS_KEY", "minio123"));
    S3Settings s = (S3Settings) c.artifacts();
    assertThat(s.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(s.bucket()).isEqualTo("mlpipeline");
    assertThat(s.defaultRoot()).isEqualTo("s3://mlpipeline/v2/artifacts");
    assertThat(s.pathStyle()).as("path-style with an endpoint").isTrue();
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.accessKeyId()).contains("minio");
    assertThat(s.schemes()).isEqualTo(Set.of("s3", "minio"));
    assertThat(c.engineSettings(true, false).artifacts()).isEqualTo(s);
  }

  @Test
  void gcs_interoperability_serves_gs_uris_and_aws_uses_the_default_chain() throws IOException {
    S3Settings gcs =
        (S3Settings)
            load(
                    null,
                    Map.of(
                        "SKIFF_ARTIFACTS_STORE", "s3",
                        "SKIFF_S3_ENDPOINT", "https://storage.googleapis.com",
                        "SKIFF_S3_BUCKET", "my-bucket"))
                .artifacts();
    assertThat(gcs.schemes()).containsExactlyInAnyOrder("s3", "gs");
    assertThat(gcs.region()).isEqualTo("auto");
    assertThat(gcs.pathStyle()).isFalse();
    S3Settings aws =
        (S3Settings)
            load(null, Map.of("SKIFF_ARTIFACTS_STORE", "s3", "SKIFF_S3_BUCKET", "b1")).artifacts();
    assertThat(aws.endpoint()).isEmpty();
    assertThat(aws.accessKeyId()).isEqualTo(Optional.empty());
    assertThat(aws.pathStyle()).isFalse();
  }

  @Test
  void bad_values_name_their_key() {
    assertThatThrownBy(() -> load("artifacts:\n  store: ftp\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("skiff.yaml:2: artifacts.store: must be local or s3, got 'ftp'");
    assertThatThrownBy(() -> load(null, Map.of("SKIFF_ARTIFACTS_STORE", "s3")))
        .hasMessageContaining("artifacts.s3.bucket: is required with artifacts.store: s3");
    assertThatThrownBy(
            () ->
                load(
                    null,
                    Map.of(
                        "SKIFF_ARTIFACTS_STORE", "s3",
                        "SKIFF_S3_BUCKET", "b1",
                        "SKIFF_S3_ENDPOINT", "ftp://x")))
        .hasMessageContaining("SKIFF_S3_ENDPOINT: must be an http:// or https:// URL");
    assertThatThrownBy(
            () ->
                load(
                    null,
                    Map.of(
                        "SKIFF_ARTIFACTS_STORE", "s3",
                        "SKIFF_S3_BUCKET", "b1",
                        "SKIFF_S3_ACCESS_KEY_ID", "only-the-id")))
        .hasMessageContaining("give both");
    assertThatThrownBy(
            () ->
                load(
                    null,
                    Map.of(
                        "SKIFF_ARTIFACTS_STORE", "s3",
                        "SKIFF_S3_BUCKET", "b1",
                        "SKIFF_S3_SCHEMES", "gs")))
        .hasMessageContaining("SKIFF_S3_SCHEMES: must be a comma-separated list with s3");
    assertThatThrownBy(
            () ->
                load(
                    "artifacts:\n  store: s3\n  s3:\n    bucket: b1\n    pathStyle: maybe\n",
                    Map.of()))
        .hasMessage("skiff.yaml:5: artifacts.s3.pathStyle: must be true or false, got 'maybe'");
  }
}
