package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir Path dir;

  @Test
  void small_files_are_created_private_and_replaced_whole() throws Exception {
    Path exit = dir.resolve("exit-code");
    PrivateFiles.writeSmall(exit, "143");
    assertThat(Files.readString(exit)).isEqualTo("143");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(exit)))
        .isEqualTo("rw-------");

    PrivateFiles.writeSmall(exit, "0");
    assertThat(Files.readString(exit)).as("no tail of the longer text before").isEqualTo("0");
  }

  @Test
  void written_files_are_private_from_the_start() throws Exception {
    Path params = dir.resolve("params.json");
    PrivateFiles.writeString(params, "{}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(params)))
        .isEqualTo("rw-------");
    assertThat(Files.list(dir)).as("no temporary file left").containsExactly(params);
  }

  @Test
  void missing_folders_are_made_private_level_by_level_and_existing_ones_are_left()
      throws Exception {
    Path kept = Files.createDirectories(dir.resolve("runs"));
    Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path work = dir.resolve("runs/r1/s0/attempt-1/work");
    assertThat(PrivateFiles.createDirectories(work)).isEqualTo(work);
    assertThat(PrivateFiles.createDirectories(work)).as("again: nothing to do").isEqualTo(work);
    for (Path p = work; !p.equals(kept); p = p.getParent()) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .as(p.toString())
          .isEqualTo("rwx------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void a_file_in_the_way_of_a_folder_is_an_error() throws Exception {
    Files.writeString(dir.resolve("runs"), "not a folder");
    assertThatThrownBy(() -> PrivateFiles.createDirectories(dir.resolve("runs/r1/s0")))
        .isInstanceOf(FileAlreadyExistsException.class);
  }
}
