package dev.skiff.engine.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotebookRowsTest {
  @Test
  void a_spec_reads_back_from_its_row() {
    NotebookSpec spec =
        new NotebookSpec(
            "nb",
            "python3",
            1.5,
            2L << 30,
            new NotebookSpec.Gpus("nvidia.com/gpu", 2),
            Map.of("A", "1", "B", "two words"),
            List.of(new NotebookSpec.Volume("data", "data")),
            List.of("c1"));
    var row = NotebookRows.created("team-a", spec, "notebook", "ada", Instant.EPOCH);
    assertThat(row.cpuMillis()).isEqualTo(1500);
    assertThat(NotebookRows.spec(row)).isEqualTo(spec);
    Notebook view = NotebookRows.view(row);
    assertThat(view.status()).isEqualTo(NotebookStatus.PENDING);
    assertThat(view.gpuIds()).isEmpty();
    assertThat(NotebookRows.cpuMillis(0.0001)).isEqualTo(1);
  }
}
