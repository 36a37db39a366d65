package dev.skiff.kubernetes.launcher;

import dev.skiff.engine.executor.local.python.LightweightCommand;
import dev.skiff.engine.executor.local.python.ShippedRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a KFP lightweight Python component in the user's image without {@code pip install kfp}:
 * Skiff's Python runtime (the run-time part of the {@code kfp} package, {@link ShippedRuntime}) is
 * copied into the volume and put first on {@code PYTHONPATH}, and the component's module is written
 * to {@code python/ephemeral_component.py}. The command becomes
 *
 * <pre>
 * python3 -m kfp.dsl.executor_main --component_module_path &lt;volume&gt;/python/ephemeral_component.py &lt;args&gt;
 * </pre>
 *
 * with the image's {@code python3} (3.9 or newer). A component's other {@code packages_to_install}
 * are still pip-installed in the pod, as the SDK compiled them (index URLs and trusted hosts kept;
 * in a {@code --system-site-packages} virtual environment in the volume when it asked for one).
 */
final class PythonInPod {
  /** An ExecutorInput longer than this goes through a file: one argument may not exceed 128 KiB. */
  static final int MAX_INLINE_INPUT = 100_000;

  private final VolumeLayout layout;
  private Path runtimeDir;
  private String label;

  PythonInPod(VolumeLayout layout) {
    this.layout = layout;
  }

  /** The plain command rewritten to run the component with Skiff's runtime. */
  PodCommand rewrite(PodCommand plain, LightweightCommand cmd) throws LauncherException {
    Path runtime = runtime();
    Path module = layout.pythonDir().resolve("ephemeral_component.py");
    Map<String, String> files = new LinkedHashMap<>(plain.files());
    files.put(relative(module), cmd.source());
    boolean install = !cmd.packages().isEmpty();
    String python =
        install && cmd.venv() ? layout.root().resolve("venv/bin/python3").toString() : "python3";
    List<String> main = new ArrayList<>();
    main.add(python);
    main.add("-m");
    main.add("kfp.dsl.executor_main");
    main.add("--component_module_path");
    main.add(module.toString());
    List<String> args = cmd.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i > 0 && args.get(i - 1).equals("--executor_input") && a.length() > MAX_INLINE_INPUT) {
        // Skiff's runtime reads `@file`.
        Path file = layout.pythonDir().resolve("executor_input.json");
        files.put(relative(file), a);
        a = "@" + file;
      }
      main.add(a);
    }
    List<String> line = new ArrayList<>();
    if (install) {
      line.add("/bin/sh");
      line.add("-c");
      line.add(pipPreamble(cmd, python) + " && exec \"$0\" \"$@\"");
    }
    line.addAll(main);
    Map<String, String> env = new LinkedHashMap<>(plain.env());
    String own = env.get("PYTHONPATH");
    env.put("PYTHONPATH", own == null || own.isBlank() ? runtime.toString() : runtime + ":" + own);
    // As the SDK's bootstrap sets it: component code may check it.
    env.put("_KFP_RUNTIME", "true");
    if (install) {
      env.putIfAbsent("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    }
    return new PodCommand(line, plain.platformEnv(), env, files, label);
  }

  private String pipPreamble(LightweightCommand cmd, String python) {
    StringBuilder sh = new StringBuilder();
    if (cmd.venv()) {
      sh.append("python3 -m venv --system-site-packages ")
          .append(ShellQuoting.quote(layout.root().resolve("venv").toString()))
          .append(" && ");
    }
    sh.append(ShellQuoting.quote(python))
        .append(" -m pip install --quiet --no-warn-script-location");
    for (int i = 0; i < cmd.indexUrls().size(); i++) {
      sh.append(i == 0 ? " --index-url " : " --extra-index-url ")
          .append(ShellQuoting.quote(cmd.indexUrls().get(i)));
    }
    for (String host : cmd.trustedHosts()) {
      sh.append(" --trusted-host ").append(ShellQuoting.quote(host));
    }
    sh.append(' ').append(ShellQuoting.join(cmd.packages()));
    return sh.toString();
  }

  /** Extracts the runtime into the volume once. */
  private Path runtime() throws LauncherException {
    if (runtimeDir == null) {
      ShippedRuntime shipped = ShippedRuntime.load();
      try {
        runtimeDir = shipped.extractTo(layout.root());
      } catch (IOException e) {
        throw LauncherException.failed(
            "cannot copy Skiff's Python runtime into " + layout.root() + ": " + e.getMessage());
      }
      label = shipped.label();
    }
    return runtimeDir;
  }

  private String relative(Path file) {
    return layout.root().relativize(file).toString();
  }
}
