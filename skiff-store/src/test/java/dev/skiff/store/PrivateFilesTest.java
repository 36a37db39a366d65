package dev.skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

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
}
