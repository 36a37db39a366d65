package dev.skiff.store.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest {
  @TempDir Path dir;

  @Test
  void a_runs_artifacts_are_measured_and_deleted_and_nothing_beside_them() throws Exception {
    LocalArtifactStore store = new LocalArtifactStore(dir.resolve("artifacts"));
    String root = store.defaultRoot();
    Path model = store.localPath(store.outputUri(root, "run-1", "train", "model")).orElseThrow();
    Files.createDirectories(model.getParent());
    Files.write(model, new byte[300]);
    Path other = store.localPath(store.outputUri(root, "run-2", "train", "model")).orElseThrow();
    Files.createDirectories(other.getParent());
    Files.write(other, new byte[7]);

    assertThat(store.runBytes(root, "run-1")).isEqualTo(300);
    assertThat(store.deleteRun(root, "run-1")).isEqualTo(300);
    assertThat(dir.resolve("artifacts/run-1")).doesNotExist();
    assertThat(other).hasSize(7);
    assertThat(store.deleteRun(root, "run-1")).isZero();
  }

  @Test
  void a_run_id_that_is_not_one_folder_name_is_refused() {
    LocalArtifactStore store = new LocalArtifactStore(dir.resolve("artifacts"));
    for (String bad : new String[] {"", ".", "..", "a/b", "/etc", "../artifacts2"}) {
      assertThatThrownBy(() -> store.deleteRun(store.defaultRoot(), bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(dir).exists();
  }
}
