package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookLogsTest {
  @TempDir Path dir;

  @Test
  void a_log_is_read_in_pieces_that_never_cut_a_character() throws Exception {
    Path log = dir.resolve("server.log");
    Files.writeString(log, "aé€\nlast line\n\n", StandardCharsets.UTF_8);
    NotebookLog first = NotebookLogs.read(log, 0, 3); // 'a' + 2 bytes of 'é'
    assertThat(first.text()).isEqualTo("aé");
    NotebookLog second = NotebookLogs.read(log, first.next(), 2); // 2 of the 3 bytes of '€'
    assertThat(second.text()).isEmpty();
    assertThat(second.next()).isEqualTo(first.next());
    assertThat(NotebookLogs.read(log, first.next(), 100).text()).isEqualTo("€\nlast line\n\n");
    assertThat(NotebookLogs.read(log, 1000, 10)).isEqualTo(new NotebookLog("", Files.size(log)));
    assertThat(NotebookLogs.lastLine(log)).isEqualTo("last line");
    assertThat(NotebookLogs.read(dir.resolve("none"), 0, 10)).isEqualTo(new NotebookLog("", 0));
  }

  @Test
  void tokens_in_urls_are_hidden() {
    assertThat(
            NotebookLogs.redact("http://127.0.0.1:1/notebook/p/n/?token=abc123 and &token=x&y=1"))
        .isEqualTo("http://127.0.0.1:1/notebook/p/n/?token=... and &token=...&y=1");
  }
}
