package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalProcessExecutorTest {

  @TempDir Path dir;

  @Test
  void steps_inherit_only_the_listed_server_variables() {
    Map<String, String> server =
        Map.of(
            "PATH", "/usr/bin",
            "HOME", "/home/me",
            "LC_ALL", "C.UTF-8",
            "LC_TIME", "en_GB",
            "AWS_SECRET_ACCESS_KEY", "secret",
            "PYTHONPATH", "/server/lib");
    Map<String, String> env =
        LocalProcessExecutor.baseEnvironment(server, LocalExecutorConfig.DEFAULT_PASS_ENV);
    assertThat(env)
        .containsOnlyKeys("PATH", "HOME", "LC_ALL", "LC_TIME")
        .containsEntry("PATH", "/usr/bin");
  }

  @Test
  void finds_programs_as_execvp_does() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path tool = executable(bin.resolve("tool"));
    Files.writeString(bin.resolve("plain"), "not executable");
    assertThat(LocalProcessExecutor.resolveProgram("tool", "/nonexistent:" + bin, dir))
        .isEqualTo(tool);
    assertThat(LocalProcessExecutor.resolveProgram("bin/tool", "", dir)).isEqualTo(tool);
    assertThat(LocalProcessExecutor.resolveProgram("tool", "bin", dir)).isEqualTo(tool);
    assertThat(LocalProcessExecutor.resolveProgram(tool.toString(), "", Path.of("/")))
        .isEqualTo(tool);
    assertThatThrownBy(() -> LocalProcessExecutor.resolveProgram("plain", bin.toString(), dir))
        .hasMessage("cannot run 'plain': no such program on the step's PATH (" + bin + ")");
    assertThatThrownBy(() -> LocalProcessExecutor.resolveProgram("bin/plain", "", dir))
        .hasMessage("cannot run 'bin/plain': not an executable file");
    assertThatThrownBy(() -> LocalProcessExecutor.resolveProgram("./missing", "", dir))
        .hasMessage("cannot run './missing': no such file");
    assertThatThrownBy(() -> LocalProcessExecutor.resolveProgram("bin", dir.toString(), dir))
        .hasMessageContaining("no such program");
  }

  @Test
  void the_default_config_detects_the_machine_and_uses_process_groups() {
    LocalExecutorConfig c = LocalExecutorConfig.defaults();
    assertThat(c.capacity()).isEmpty();
    assertThat(c.processGroups()).isTrue();
    assertThat(c.killGrace()).hasSeconds(2);
    assertThat(c.withMaxParallel(3).maxParallel()).isEqualTo(3);
    assertThat(c.withPassEnv(List.of("PATH")).passEnv()).containsExactly("PATH");
  }

  private static Path executable(Path p) throws IOException {
    Files.writeString(p, "#!/bin/sh\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
