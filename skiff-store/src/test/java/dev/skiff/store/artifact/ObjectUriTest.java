package dev.skiff.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectUriTest {

  @Test
  void parses_scheme_bucket_and_key() {
    ObjectUri u = ObjectUri.parse("s3://bkt/a/b/c.txt");
    assertThat(u.scheme()).isEqualTo("s3");
    assertThat(u.bucket()).isEqualTo("bkt");
    assertThat(u.key()).isEqualTo("a/b/c.txt");
    assertThat(ObjectUri.parse("gs://bkt").key()).isEmpty();
    assertThat(ObjectUri.parse("s3://bkt/dir/").folderPrefix()).isEqualTo("dir/");
  }

  @Test
  void resolve_appends_and_refuses_dot_segments() {
    assertThat(ObjectUri.parse("s3://b/root").resolve("run/t/out").toString())
        .isEqualTo("s3://b/root/run/t/out");
    assertThat(ObjectUri.parse("s3://b").resolve("x").toString()).isEqualTo("s3://b/x");
    assertThatThrownBy(() -> ObjectUri.parse("s3://b/root").resolve("../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectUri.parse("s3:///k")).hasMessageContaining("no bucket");
    assertThatThrownBy(() -> ObjectUri.parse("/local/path"))
        .hasMessageContaining("not an object-storage URI");
  }

  @Test
  void output_uris_stay_under_the_run() {
    S3Settings s =
        new S3Settings(
            Optional.empty(),
            "us-east-1",
            "bkt",
            "pipelines",
            true,
            Optional.of("k"),
            Optional.of("s"),
            Set.of("s3", "gs"));
    try (S3ArtifactStore store = new S3ArtifactStore(s)) {
      assertThat(store.defaultRoot()).isEqualTo("s3://bkt/pipelines");
      assertThat(store.outputUri(store.defaultRoot(), "r1", "loop/0/train", "model"))
          .isEqualTo("s3://bkt/pipelines/r1/loop/0/train/model");
      assertThat(store.outputUri("gs://other/root", "r1", "t", "m"))
          .isEqualTo("gs://other/root/r1/t/m");
      assertThatThrownBy(() -> store.outputUri(store.defaultRoot(), "r1", "../../x", "m"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.outputUri(store.defaultRoot(), "r1", "t", "a/b"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.outputUri("minio://b/x", "r1", "t", "m"))
          .hasMessageContaining("not an S3 URI");
      assertThat(store.handles("gs://b/k")).isTrue();
      assertThat(store.handles("minio://b/k")).isFalse();
      assertThat(store.handles("file:///x")).isFalse();
    }
  }

  @Test
  void settings_hide_the_secret_and_check_their_parts() {
    S3Settings s =
        new S3Settings(
            Optional.empty(),
            "us-east-1",
            "bkt",
            "",
            false,
            Optional.of("AKID"),
            Optional.of("very-secret"),
            S3Settings.DEFAULT_SCHEMES);
    assertThat(s.toString()).contains("AKID").doesNotContain("very-secret");
    assertThatThrownBy(
            () ->
                new S3Settings(
                    Optional.empty(),
                    "r",
                    "b",
                    "",
                    false,
                    Optional.of("AKID"),
                    Optional.empty(),
                    S3Settings.DEFAULT_SCHEMES))
        .hasMessageContaining("both");
    assertThatThrownBy(
            () ->
                new S3Settings(
                    Optional.empty(),
                    "r",
                    "b",
                    "",
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Set.of("ftp", "s3")))
        .hasMessageContaining("schemes");
  }
}
