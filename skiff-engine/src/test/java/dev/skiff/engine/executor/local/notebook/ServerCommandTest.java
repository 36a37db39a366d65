package dev.skiff.engine.executor.local.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCommandTest {
  private static final Path WS = Path.of("/home/u/.skiff/workspaces/p/n");

  @Test
  void the_classic_notebook_gets_notebook_app_flags() {
    List<String> c =
        ServerCommand.of(
            new PythonProbe.Found("notebook", "/usr/bin/python3", true),
            List.of(),
            4000,
            "/notebook/p/n/",
            WS,
            "t");
    assertThat(c.subList(0, 3)).containsExactly("/usr/bin/python3", "-m", "notebook");
    assertThat(c)
        .contains(
            "--NotebookApp.ip=127.0.0.1",
            "--NotebookApp.port=4000",
            "--NotebookApp.port_retries=0",
            "--NotebookApp.base_url=/notebook/p/n/",
            "--NotebookApp.open_browser=False",
            "--NotebookApp.notebook_dir=" + WS,
            "--NotebookApp.allow_remote_access=False");
    assertThat(String.join(" ", c))
        .as("the token travels in the environment")
        .doesNotContain("token");
  }

  @Test
  void jupyter_server_lab_and_notebook_7_get_server_app_flags() {
    for (PythonProbe.Found f :
        List.of(
            new PythonProbe.Found("jupyter-server", "py", false),
            new PythonProbe.Found("jupyterlab", "py", false),
            new PythonProbe.Found("notebook", "py", false))) {
      List<String> c = ServerCommand.of(f, List.of(), 4000, "/notebook/p/n/", WS, "t");
      assertThat(c).contains("--ServerApp.port=4000", "--ServerApp.root_dir=" + WS);
      assertThat(c).noneMatch(a -> a.startsWith("--NotebookApp"));
    }
  }

  @Test
  void a_configured_command_gets_its_placeholders_filled() {
    List<String> c =
        ServerCommand.of(
            new PythonProbe.Found("command", "", false),
            List.of(
                "code-server", "--bind-addr=127.0.0.1:{port}", "--base={base_url}", "{workspace}"),
            4000,
            "/notebook/p/n/",
            WS,
            "t");
    assertThat(c)
        .containsExactly(
            "code-server", "--bind-addr=127.0.0.1:4000", "--base=/notebook/p/n/", WS.toString());
  }

  @Test
  void versions_read_their_major() {
    assertThat(PythonProbe.major("6.4.12")).isEqualTo(6);
    assertThat(PythonProbe.major("7.0.0a1")).isEqualTo(7);
    assertThat(PythonProbe.major("")).isZero();
  }
}
