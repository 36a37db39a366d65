package dev.skiff.engine.executor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepUmaskTest {
  @TempDir Path dir;

  @Test
  void reads_the_umask_line_of_a_proc_status_file() throws Exception {
    Path status =
        Files.writeString(dir.resolve("status"), "Name:\tjava\nUmask:\t0022\nState:\tS\n");
    assertThat(StepUmask.umaskOf(status)).hasValue(0022);
    assertThat(StepUmask.umaskOf(dir.resolve("missing"))).isEmpty();
    assertThat(StepUmask.umaskOf(Files.writeString(dir.resolve("old"), "Name:\tjava\n"))).isEmpty();
  }

  @Test
  void wraps_a_step_in_a_shell_that_sets_the_mask_and_execs_it() {
    List<String> step = List.of("python3", "-c", "print(1)");
    assertThat(new StepUmask(false).wrap(step)).isEqualTo(step);
    assertThat(new StepUmask(true).wrap(step))
        .containsExactly(
            "/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\"", "python3", "-c", "print(1)");
  }
}
