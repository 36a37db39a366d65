package dev.skiff.engine.notebook;

import static dev.skiff.engine.notebook.NotebookHarness.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.catalog.Requester;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jupyter's Quit button (POST api/shutdown) ends the server with code 0: the notebook is Stopped,
 * not Failed, its resources are given back, and Start runs it again.
 */
class NotebookQuitIT {
  private static final Requester ADA = Requester.local("ada", "team-a");

  @TempDir Path home;
  private NotebookHarness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void quit_from_jupyter_stops_the_notebook() throws Exception {
    h = new NotebookHarness(home, NotebookHarness.settings());
    String missing = h.jupyterMissing();
    Assumptions.assumeTrue(missing == null, () -> "skipped: no Jupyter server here: " + missing);
    NotebookService s = h.service;
    s.create(ADA, "team-a", spec("quitter", 1));
    h.await("team-a", "quitter", NotebookStatus.RUNNING, Duration.ofSeconds(60));
    long pid = h.pid("team-a", "quitter");
    NotebookEndpoint e = s.endpoint(ADA, "team-a", "quitter").orElseThrow();
    URI shutdown = e.base().resolve("api/shutdown");
    int status =
        NotebookHarness.send(
                HttpRequest.newBuilder(shutdown).POST(HttpRequest.BodyPublishers.noBody()), e)
            .statusCode();
    assertThat(status).isIn(200, 202, 204);

    Notebook stopped = h.await("team-a", "quitter", NotebookStatus.STOPPED, Duration.ofSeconds(30));
    assertThat(stopped.reason()).contains("shut itself down");
    assertThat(s.events(ADA, "team-a", "quitter"))
        .extracting(NotebookEvent::reason)
        .contains("Stopped")
        .doesNotContain("Failed");
    NotebookHarness.awaitTrue(
        () -> ProcessHandle.of(pid).isEmpty(), Duration.ofSeconds(10), "the server is gone");
    assertThat(s.endpoint(ADA, "team-a", "quitter")).isEmpty();

    s.start(ADA, "team-a", "quitter");
    Notebook again = h.await("team-a", "quitter", NotebookStatus.RUNNING, Duration.ofSeconds(60));
    assertThat(again.gpuIds()).hasSize(1); // the GPU was given back, so it is free again
    s.delete(ADA, "team-a", "quitter", true);
  }
}
