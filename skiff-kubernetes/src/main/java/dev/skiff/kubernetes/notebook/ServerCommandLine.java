package dev.skiff.kubernetes.notebook;

import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.kubernetes.operator.notebook.NotebookObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server container's command on a cluster, as the local launcher's: a Jupyter server on the
 * pod's port 8888 (all interfaces: the Service reaches it), under the notebook's base URL, rooted
 * in the workspace; or a configured command with its placeholders. The token is never on the
 * command line: Jupyter reads {@code JUPYTER_TOKEN}, and a configured command's {@code {token}}
 * becomes {@code $(JUPYTER_TOKEN)}, which the kubelet expands from the container's environment. The
 * image's own entrypoint (Kubeflow's runs Jupyter without a token) is replaced. Pure.
 */
final class ServerCommandLine {
  /**
   * The server kinds a cluster runs; {@code auto} means JupyterLab (what Kubeflow's images run).
   */
  static final List<String> KINDS = List.of("jupyterlab", "notebook", "jupyter-server", "command");

  private ServerCommandLine() {}

  /** The kind an environment runs, or why it cannot run on a cluster. */
  static Kind kind(ServerEnvironment env) {
    String kind = "auto".equals(env.kind()) ? "jupyterlab" : env.kind();
    if (!KINDS.contains(kind)) {
      return new Kind(env.kind(), Optional.of("unknown server kind '" + env.kind() + "'"));
    }
    if (kind.equals("command") && env.command().isEmpty()) {
      return new Kind(kind, Optional.of("kind 'command' needs a command"));
    }
    return new Kind(kind, Optional.empty());
  }

  /**
   * What an environment runs as.
   *
   * @param kind the server kind
   * @param unavailable why it cannot run, or empty
   */
  record Kind(String kind, Optional<String> unavailable) {}

  /** The command (the environment must be runnable, see {@link #kind}). */
  static List<String> of(ServerEnvironment env, String basePath) {
    String kind = kind(env).kind();
    int port = NotebookObjects.PORT;
    List<String> out = new ArrayList<>();
    if (kind.equals("command")) {
      for (String arg : env.command()) {
        out.add(
            arg.replace("{port}", Integer.toString(port))
                .replace("{base_url}", basePath)
                .replace("{token}", "$(JUPYTER_TOKEN)")
                .replace("{workspace}", NotebookObjects.HOME));
      }
      return out;
    }
    out.add("python3");
    out.add("-m");
    out.add(
        switch (kind) {
          case "notebook" -> "notebook";
          case "jupyter-server" -> "jupyter_server";
          default -> "jupyterlab";
        });
    String p = "--ServerApp.";
    out.add(p + "ip=0.0.0.0");
    out.add(p + "port=" + port);
    out.add(p + "port_retries=0");
    out.add(p + "base_url=" + basePath);
    out.add(p + "open_browser=False");
    out.add(p + "root_dir=" + NotebookObjects.HOME);
    out.add(p + "allow_remote_access=True");
    return out;
  }
}
