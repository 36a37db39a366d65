package dev.skiff.server.web.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookSpec;
import dev.skiff.engine.notebook.NotebookStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotebookViewTest {
  private static NotebookView view(NotebookStatus status, NotebookSpec.Gpus gpus) {
    NotebookSpec spec =
        new NotebookSpec("lab-1", "python3", 0.5, 1L << 30, gpus, Map.of(), List.of(), List.of());
    return new NotebookView(
        new Notebook(
            "team-a",
            spec,
            status,
            null,
            "notebook",
            List.of("0", "1"),
            "",
            "ann",
            Instant.EPOCH,
            Instant.EPOCH,
            Optional.empty()));
  }

  @Test
  void facts_in_words() {
    NotebookView v = view(NotebookStatus.RUNNING, new NotebookSpec.Gpus("nvidia.com/gpu", 2));
    assertThat(v.cpu()).isEqualTo("0.5");
    assertThat(v.memory()).isEqualTo("1.0 GiB");
    assertThat(v.gpus()).isEqualTo("2 × nvidia.com/gpu");
    assertThat(v.gpuIds()).isEqualTo("0, 1");
    assertThat(v.lastActivity()).isEmpty();
    assertThat(v.reason()).isEmpty();
    assertThat(v.statusLabel()).isEqualTo("Running");
    assertThat(v.stateClass()).isEqualTo("state-running");
    assertThat(view(NotebookStatus.STOPPED, NotebookSpec.Gpus.NONE).gpus()).isEqualTo("none");
  }

  @Test
  void urls_of_its_page_server_and_api_resource() {
    NotebookView v = view(NotebookStatus.RUNNING, NotebookSpec.Gpus.NONE);
    assertThat(v.page()).isEqualTo("/p/team-a/notebooks/lab-1");
    assertThat(v.connect()).isEqualTo("/notebook/team-a/lab-1/");
    assertThat(v.api()).isEqualTo("/api/v1/profiles/team-a/notebooks/lab-1");
  }

  @Test
  void actions_follow_the_status() {
    for (NotebookStatus s : NotebookStatus.values()) {
      NotebookView v = view(s, NotebookSpec.Gpus.NONE);
      assertThat(v.running()).as(s.name()).isEqualTo(s == NotebookStatus.RUNNING);
      assertThat(v.startable())
          .as(s.name())
          .isEqualTo(s == NotebookStatus.STOPPED || s == NotebookStatus.FAILED);
      assertThat(v.stoppable())
          .as(s.name())
          .isEqualTo(s == NotebookStatus.RUNNING || s == NotebookStatus.PENDING);
      assertThat(v.busy())
          .as(s.name())
          .isEqualTo(s == NotebookStatus.PENDING || s == NotebookStatus.STOPPING);
    }
  }

  @Test
  void numbers_as_the_form_takes_them() {
    assertThat(NotebookView.cores(2.0)).isEqualTo("2");
    assertThat(NotebookView.cores(0.25)).isEqualTo("0.25");
    assertThat(NotebookView.quantity(1L << 30)).isEqualTo("1Gi");
    assertThat(NotebookView.quantity(512L << 20)).isEqualTo("512Mi");
    assertThat(NotebookView.quantity(1000)).isEqualTo("1000");
  }
}
