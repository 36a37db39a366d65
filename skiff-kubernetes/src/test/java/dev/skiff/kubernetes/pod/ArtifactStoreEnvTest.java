package dev.skiff.kubernetes.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.store.artifact.ArtifactStoreConfig;
import dev.skiff.store.artifact.S3Settings;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArtifactStoreEnvTest {

  @Test
  void s3SettingsTravelWithoutTheirSecrets() {
    S3Settings s3 =
        new S3Settings(
            Optional.of(URI.create("http://minio.skiff:9000")),
            "us-east-1",
            "skiff",
            "pipelines/root",
            true,
            Optional.of("AKIDEXAMPLE"),
            Optional.of("s3cr3t-value"),
            Set.of("s3", "minio"));
    String json = ArtifactStoreEnv.write(s3);
    assertThat(json).doesNotContain("AKIDEXAMPLE").doesNotContain("s3cr3t-value");
    S3Settings back = (S3Settings) ArtifactStoreEnv.read(json);
    assertThat(back)
        .isEqualTo(
            new S3Settings(
                s3.endpoint(),
                s3.region(),
                s3.bucket(),
                s3.prefix(),
                s3.pathStyle(),
                Optional.empty(),
                Optional.empty(),
                s3.schemes()));
  }

  @Test
  void awsWithoutAnEndpointAndTheLocalStoreRoundTrip() {
    S3Settings aws =
        new S3Settings(
            Optional.empty(),
            "eu-west-1",
            "b",
            "",
            false,
            Optional.empty(),
            Optional.empty(),
            Set.of("s3"));
    assertThat(ArtifactStoreEnv.read(ArtifactStoreEnv.write(aws))).isEqualTo(aws);
    assertThat(ArtifactStoreEnv.read(ArtifactStoreEnv.write(ArtifactStoreConfig.LOCAL)))
        .isEqualTo(ArtifactStoreConfig.LOCAL);
  }

  @Test
  void badSettingsNameTheField() {
    assertThatThrownBy(() -> ArtifactStoreEnv.read("{\"kind\":\"gcs\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind must be s3 or local, got 'gcs'");
    assertThatThrownBy(() -> ArtifactStoreEnv.read("{\"kind\":\"s3\",\"region\":\"r\"}"))
        .hasMessage("bucket is missing");
    assertThatThrownBy(
            () ->
                ArtifactStoreEnv.read(
                    "{\"kind\":\"s3\",\"region\":\"r\",\"bucket\":\"b\",\"endpoint\":\"::\"}"))
        .hasMessageStartingWith("endpoint is not a URL");
  }
}
