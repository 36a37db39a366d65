package dev.skiff.engine.executor.local.python;

import dev.skiff.engine.executor.local.LocalLaunch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses how a lightweight Python component runs on this host, and rewrites its launch to match.
 *
 * <p>For a step whose command is the SDK's lightweight-component shape ({@link
 * LightweightCommands}), in this order:
 *
 * <ol>
 *   <li>an interpreter has a real KFP SDK 2.x and every {@code packages_to_install}: it runs {@code
 *       <python> -m kfp.dsl.executor_main --component_module_path <workDir>/ephemeral_component.py
 *       <args>} directly, without the pip preamble (runtime {@code host kfp <version>});
 *   <li>an interpreter (3.9+) can import every package (or there are none): the same command with
 *       Skiff's shipped runtime first on {@code PYTHONPATH} (runtime {@code skiff-python-runtime
 *       <version>});
 *   <li>a package index is configured ({@link PythonConfig#pipIndexUrl()}): the command runs as
 *       compiled, pip and all (runtime {@code sdk-pip});
 *   <li>otherwise the step fails at once, naming the missing packages and how to configure an
 *       index.
 * </ol>
 *
 * Any other command runs unchanged (runtime {@value LocalLaunch#CONTAINER}). Requirements with an
 * environment marker ({@code ; python_version < "3.9"}) are not checked.
 */
public final class PythonSteps {
  /** Executor inputs longer than this go through a file: one argv string may not exceed 128 KiB. */
  static final int MAX_INLINE_INPUT = 100_000;

  /** The file name the SDK's bootstrap gives the component's source. */
  static final String MODULE_FILE = "ephemeral_component.py";

  /** What to do with a step. */
  public sealed interface Plan {
    /** Run this launch (possibly rewritten). */
    record Run(LocalLaunch launch) implements Plan {}

    /** Do not start a process: the step fails with this message. */
    record Refuse(String message) implements Plan {}
  }

  private final Path home;
  private final PythonConfig config;
  private final Interpreters interpreters;
  private volatile ShippedRuntime shipped;

  /**
   * @param home {@code SKIFF_HOME} (the shipped runtime is extracted under it)
   * @param config index, interpreter, mode
   * @param stepEnv the environment steps run with (its {@code PATH} finds {@code python3})
   */
  public PythonSteps(Path home, PythonConfig config, Map<String, String> stepEnv) {
    this(home, config, stepEnv, Interpreters.RECHECK_AFTER);
  }

  /** As above, asking again about missing packages after {@code recheckAfter} (tests). */
  PythonSteps(
      Path home,
      PythonConfig config,
      Map<String, String> stepEnv,
      java.time.Duration recheckAfter) {
    this.home = home;
    this.config = config;
    this.interpreters = new Interpreters(config, stepEnv, recheckAfter);
  }

  /** Settings from the environment ({@link PythonConfig#fromEnv}), steps' PATH the server's. */
  public static PythonSteps fromEnvironment(Path home) {
    Map<String, String> env = new LinkedHashMap<>();
    String path = System.getenv("PATH");
    env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
    Optional.ofNullable(System.getenv("HOME")).ifPresent(h -> env.put("HOME", h));
    return new PythonSteps(home, PythonConfig.fromEnv(System.getenv()), env);
  }

  /** The shipped runtime (loaded from the class path on first use). */
  public ShippedRuntime shippedRuntime() {
    ShippedRuntime s = shipped;
    if (s == null) {
      synchronized (this) {
        if (shipped == null) {
          shipped = ShippedRuntime.load();
        }
        s = shipped;
      }
    }
    return s;
  }

  /** How {@code launch} runs. */
  public Plan plan(LocalLaunch launch) {
    Optional<LightweightCommand> parsed = LightweightCommands.parse(launch.commandLine());
    if (parsed.isEmpty()) {
      if (isContainerizedComponent(launch.commandLine())) {
        return new Plan.Refuse(
            "a containerized Python component (built with target_image): its code is inside the"
                + " image "
                + launch.image()
                + ", which Skiff does not run locally; compile it as a lightweight component"
                + " (no target_image) to run it here");
      }
      return new Plan.Run(launch);
    }
    LightweightCommand cmd = parsed.get();
    if (config.sdkOnly()) {
      return new Plan.Run(asCompiled(launch));
    }
    List<String> modules = new ArrayList<>();
    for (String r : cmd.packages()) {
      Requirements.module(r).ifPresent(modules::add);
    }
    List<PythonProbe> probes = interpreters.probe(modules);
    if (probes.isEmpty()) {
      return new Plan.Refuse(
          "no usable python3 for this Python component: looked for "
              + config
                  .python()
                  .map(Path::toString)
                  .orElse("python3 on the PATH and /usr/bin/python3")
              + " (set "
              + PythonConfig.PYTHON_ENV
              + " to an interpreter)");
    }
    for (PythonProbe p : probes) {
      if (p.hasKfp2() && p.missingOf(cmd.packages()).isEmpty()) {
        return new Plan.Run(direct(launch, cmd, p, null, "host kfp " + p.kfpVersion().get()));
      }
    }
    for (PythonProbe p : probes) {
      if (p.supportsSkiffRuntime() && p.missingOf(cmd.packages()).isEmpty()) {
        ShippedRuntime runtime = shippedRuntime();
        try {
          Path dir = runtime.install(home, p.executable());
          return new Plan.Run(direct(launch, cmd, p, dir, runtime.label()));
        } catch (IOException e) {
          return new Plan.Refuse(
              "cannot extract Skiff's Python runtime under " + home + ": " + e.getMessage());
        }
      }
    }
    if (config.pipIndexUrl().isPresent()) {
      return new Plan.Run(asCompiled(launch));
    }
    return new Plan.Refuse(refusal(probes.getFirst().missingOf(cmd.packages()), probes.getFirst()));
  }

  /**
   * {@code python3 -m kfp.dsl.executor_main ...} with no component source: the SDK's containerized
   * component, whose module is installed in its image.
   */
  static boolean isContainerizedComponent(List<String> commandLine) {
    return commandLine.size() >= 3
        && commandLine.get(0).matches("(.*/)?python3?(\\.\\d+)?")
        && commandLine.get(1).equals("-m")
        && commandLine.get(2).equals("kfp.dsl.executor_main")
        && !commandLine.contains("--component_module_path");
  }

  private static String refusal(List<String> missing, PythonProbe p) {
    String which = missing.isEmpty() ? "" : String.join(", ", missing) + " ";
    return "packages_to_install "
        + which
        + "not importable by "
        + p.executable()
        + (p.supportsSkiffRuntime() ? "" : " (Python " + p.version() + "; Skiff needs 3.9+)")
        + " and no package index is configured: install them for that interpreter, or set "
        + PythonConfig.PIP_INDEX_URL_ENV
        + " (e.g. https://pypi.org/simple) to let pip install them as the KFP SDK does";
  }

  /** The SDK's own command: pip installs, then the bootstrap runs the component. */
  private LocalLaunch asCompiled(LocalLaunch launch) {
    Map<String, String> env = new LinkedHashMap<>(launch.env());
    config.pipIndexUrl().ifPresent(url -> env.putIfAbsent("PIP_INDEX_URL", url));
    return launch.rewritten(launch.commandLine(), env, "sdk-pip", launch.files());
  }

  /** {@code <python> -m kfp.dsl.executor_main ...}, without the preamble or the shell. */
  private static LocalLaunch direct(
      LocalLaunch launch, LightweightCommand cmd, PythonProbe p, Path runtimeDir, String label) {
    Map<String, String> files = new LinkedHashMap<>(launch.files());
    files.put(MODULE_FILE, cmd.source());
    List<String> line = new ArrayList<>();
    line.add(p.executable().toString());
    line.add("-m");
    line.add("kfp.dsl.executor_main");
    line.add("--component_module_path");
    line.add(launch.workDir().toAbsolutePath().resolve(MODULE_FILE).toString());
    List<String> args = cmd.args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      boolean isInput = i > 0 && args.get(i - 1).equals("--executor_input");
      if (isInput && runtimeDir != null && a.length() > MAX_INLINE_INPUT) {
        // Skiff's runtime reads `@file`; the SDK's executor_main would not.
        files.put("executor_input.json", a);
        a = "@" + launch.workDir().toAbsolutePath().resolve("executor_input.json");
      }
      line.add(a);
    }
    Map<String, String> env = new LinkedHashMap<>(launch.env());
    // As the SDK's bootstrap sets it: component code may check it.
    env.put("_KFP_RUNTIME", "true");
    if (runtimeDir != null) {
      String own = env.get("PYTHONPATH");
      env.put(
          "PYTHONPATH",
          own == null || own.isBlank() ? runtimeDir.toString() : runtimeDir + ":" + own);
    }
    return launch.rewritten(line, env, label, files);
  }
}
