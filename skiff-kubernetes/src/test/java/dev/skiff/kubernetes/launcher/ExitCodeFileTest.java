package dev.skiff.kubernetes.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExitCodeFileTest {

  @Test
  void onlyACompleteLineIsAnExitCode(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("exit-code");
    assertThat(ExitCodeFile.read(file)).isEmpty();
    Files.writeString(file, "");
    assertThat(ExitCodeFile.read(file)).isEmpty();
    Files.writeString(file, "13");
    assertThat(ExitCodeFile.read(file)).isEmpty();
    Files.writeString(file, "137\n");
    assertThat(ExitCodeFile.read(file)).contains(137);
  }

  @Test
  void theLastNonBlankLineOfStderrIsKeptShort(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("stderr");
    assertThat(ExitCodeFile.lastLine(file)).isEmpty();
    Files.writeString(file, "x".repeat(100_000) + "\nTraceback\nValueError: bad  \n\n");
    assertThat(ExitCodeFile.lastLine(file)).contains("ValueError: bad");
    Files.writeString(file, "y".repeat(1000));
    assertThat(ExitCodeFile.lastLine(file).orElseThrow()).hasSize(300).endsWith("...");
  }
}
