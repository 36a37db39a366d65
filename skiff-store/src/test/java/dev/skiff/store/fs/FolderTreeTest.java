package dev.skiff.store.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderTreeTest {
  @TempDir Path dir;

  @Test
  void a_tree_is_measured_and_deleted_with_read_only_folders_but_not_through_links()
      throws Exception {
    Path run = Files.createDirectories(dir.resolve("run/task/attempt-1/work/cache"));
    Files.write(run.resolve("a.bin"), new byte[1000]);
    Files.write(dir.resolve("run/task/attempt-1/log.txt"), new byte[234]);
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.write(outside.resolve("keep.txt"), new byte[50]);
    Files.createSymbolicLink(run.resolve("link"), outside);
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("r-x------"));
    Path sealed = Files.createDirectories(dir.resolve("run/sealed"));
    Files.write(sealed.resolve("x"), new byte[16]);
    Files.setPosixFilePermissions(sealed, PosixFilePermissions.fromString("---------"));

    // The sealed folder counts only where permissions bind (not for root).
    assertThat(FolderTree.bytes(dir.resolve("run"))).isIn(1234L, 1250L);
    assertThat(FolderTree.delete(dir.resolve("run"))).isEqualTo(1250);
    assertThat(dir.resolve("run")).doesNotExist();
    assertThat(outside.resolve("keep.txt")).hasSize(50);
    assertThat(FolderTree.delete(dir.resolve("run"))).isZero();
    assertThat(FolderTree.bytes(dir.resolve("run"))).isZero();
  }
}
