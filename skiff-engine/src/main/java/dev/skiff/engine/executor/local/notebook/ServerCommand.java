package dev.skiff.engine.executor.local.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a Jupyter server (or a configured command): bound to loopback on one port,
 * under a base URL, rooted in the workspace, no browser, no port hopping. The token travels in the
 * {@code JUPYTER_TOKEN} environment variable, not on the command line, where other local users
 * could read it. Pure.
 */
final class ServerCommand {
  private ServerCommand() {}

  /** Whether Skiff (and so each server) runs as root. */
  static final boolean RUNS_AS_ROOT = isRoot();

  /** JupyterLab, through {@code python -m jupyterlab}. */
  static final String JUPYTERLAB = "jupyterlab";

  /** The classic Notebook (6.x: {@code NotebookApp}; 7.x runs on Jupyter Server). */
  static final String NOTEBOOK = "notebook";

  /** Jupyter Server alone (REST API, no UI). */
  static final String JUPYTER_SERVER = "jupyter-server";

  /** A configured command with placeholders. */
  static final String COMMAND = "command";

  /**
   * The command.
   *
   * @param found the interpreter and kind the probe chose
   * @param port the loopback port
   * @param basePath {@code /notebook/{profile}/{name}/}
   * @param workspace the root folder
   * @param token for {@code {token}} in a configured command
   */
  static List<String> of(
      PythonProbe.Found found,
      List<String> configured,
      int port,
      String basePath,
      Path workspace,
      String token) {
    if (found.kind().equals(COMMAND)) {
      List<String> out = new ArrayList<>();
      for (String arg : configured) {
        out.add(
            arg.replace("{port}", Integer.toString(port))
                .replace("{base_url}", basePath)
                .replace("{token}", token)
                .replace("{workspace}", workspace.toString()));
      }
      return out;
    }
    List<String> out = new ArrayList<>();
    out.add(found.python());
    out.add("-m");
    String app;
    String rootFlag;
    switch (found.kind()) {
      case JUPYTERLAB -> {
        out.add("jupyterlab");
        app = "ServerApp";
        rootFlag = "root_dir";
      }
      case NOTEBOOK -> {
        out.add("notebook");
        app = found.classicNotebook() ? "NotebookApp" : "ServerApp";
        rootFlag = found.classicNotebook() ? "notebook_dir" : "root_dir";
      }
      case JUPYTER_SERVER -> {
        out.add("jupyter_server");
        app = "ServerApp";
        rootFlag = "root_dir";
      }
      default -> throw new IllegalArgumentException("unknown server kind " + found.kind());
    }
    String p = "--" + app + ".";
    out.add(p + "ip=127.0.0.1");
    out.add(p + "port=" + port);
    out.add(p + "port_retries=0");
    out.add(p + "base_url=" + basePath);
    out.add(p + "open_browser=False");
    out.add(p + rootFlag + "=" + workspace);
    out.add(p + "allow_remote_access=False");
    if (RUNS_AS_ROOT) {
      // Jupyter refuses root unless told; a server running as root is the operator's choice
      out.add(p + "allow_root=True");
    }
    return out;
  }

  private static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
