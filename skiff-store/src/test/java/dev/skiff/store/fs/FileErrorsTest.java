package dev.skiff.store.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileErrorsTest {
  @TempDir Path dir;

  @Test
  void a_file_in_the_way_of_a_folder_is_named_with_the_reason() throws IOException {
    Path file = Files.writeString(dir.resolve("artifacts"), "not a folder");
    IOException e =
        catchThrowableOfType(
            IOException.class, () -> Files.createDirectories(file.resolve("run/step")));
    String line = FileErrors.describe(e);
    assertThat(line).startsWith(file.toString()).contains(": ");
    assertThat(line.substring(line.indexOf(": ") + 2)).isNotBlank();
  }

  @Test
  void the_bare_path_messages_of_the_jdk_get_a_reason() {
    assertThat(FileErrors.describe(new AccessDeniedException("/srv/skiff/artifacts")))
        .isEqualTo("/srv/skiff/artifacts: permission denied");
    assertThat(FileErrors.describe(new AccessDeniedException("/a", "/b", "read-only")))
        .isEqualTo("/a -> /b: read-only");
    assertThat(FileErrors.describe(new IOException("disk full"))).isEqualTo("disk full");
  }
}
