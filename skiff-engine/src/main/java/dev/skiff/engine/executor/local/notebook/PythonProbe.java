package dev.skiff.engine.executor.local.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds which Jupyter server an interpreter can run: JupyterLab, else the Notebook, else Jupyter
 * Server ({@code auto}), or checks the configured kind. Asks each interpreter once (it is cached).
 */
final class PythonProbe {

  /**
   * A runnable server.
   *
   * @param kind {@code jupyterlab}, {@code notebook}, {@code jupyter-server} or {@code command}
   * @param python the interpreter's path (empty for a command)
   * @param classicNotebook the Notebook is 6.x or older ({@code NotebookApp} flags)
   */
  record Found(String kind, String python, boolean classicNotebook) {}

  /** What an interpreter has: module name → version ("" when it has no version). */
  private record Modules(Map<String, String> versions) {}

  private static final String SCRIPT =
      "import importlib, importlib.util\n"
          + "for m in ('jupyterlab', 'notebook', 'jupyter_server'):\n"
          + "    if importlib.util.find_spec(m) is not None:\n"
          + "        try:\n"
          + "            v = getattr(importlib.import_module(m), '__version__', '')\n"
          + "        except Exception:\n"
          + "            continue\n"
          + "        print(m, v)\n";

  private final List<String> defaults;
  private final Map<String, Optional<Modules>> cache = new ConcurrentHashMap<>();

  /** Probes {@code python3} on the PATH, then {@code /usr/bin/python3}, when none is configured. */
  PythonProbe() {
    this(List.of("python3", "/usr/bin/python3"));
  }

  PythonProbe(List<String> defaults) {
    this.defaults = List.copyOf(defaults);
  }

  /**
   * The server {@code kind} runs with {@code python} (null: the defaults, first that has one).
   *
   * @return the server, or why there is none
   */
  Result find(String kind, String python, List<String> command) {
    String k = kind == null || kind.isBlank() ? "auto" : kind.toLowerCase(Locale.ROOT);
    if (k.equals(ServerCommand.COMMAND)) {
      if (command.isEmpty()) {
        return new Result.Missing("no command is configured");
      }
      return resolve(command.get(0))
          .<Result>map(p -> new Result.Ok(new Found(k, "", false)))
          .orElseGet(() -> new Result.Missing(command.get(0) + " is not installed"));
    }
    List<String> candidates = python == null || python.isBlank() ? defaults : List.of(python);
    List<String> wanted =
        switch (k) {
          case "auto" -> List.of("jupyterlab", "notebook", "jupyter_server");
          case ServerCommand.JUPYTERLAB -> List.of("jupyterlab");
          case ServerCommand.NOTEBOOK -> List.of("notebook");
          case ServerCommand.JUPYTER_SERVER -> List.of("jupyter_server");
          default -> List.of();
        };
    if (wanted.isEmpty()) {
      return new Result.Missing("unknown server kind '" + kind + "'");
    }
    for (String module : wanted) {
      for (String candidate : candidates) {
        Optional<Modules> modules = modulesOf(candidate);
        if (modules.isPresent() && modules.get().versions().containsKey(module)) {
          String version = modules.get().versions().get(module);
          String path = resolve(candidate).map(Path::toString).orElse(candidate);
          return new Result.Ok(
              new Found(kindOf(module), path, module.equals("notebook") && major(version) < 7));
        }
      }
    }
    return new Result.Missing(
        "no "
            + String.join(" or ", wanted.stream().map(m -> m.replace('_', '-')).toList())
            + " in "
            + String.join(", ", candidates));
  }

  /** The answer of {@link #find}. */
  sealed interface Result {
    /** It runs. */
    record Ok(Found found) implements Result {}

    /** It cannot run, and why. */
    record Missing(String reason) implements Result {}
  }

  private static String kindOf(String module) {
    return switch (module) {
      case "jupyterlab" -> ServerCommand.JUPYTERLAB;
      case "notebook" -> ServerCommand.NOTEBOOK;
      default -> ServerCommand.JUPYTER_SERVER;
    };
  }

  static int major(String version) {
    int end = 0;
    while (end < version.length() && Character.isDigit(version.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
  }

  private Optional<Modules> modulesOf(String python) {
    return cache.computeIfAbsent(python, PythonProbe::ask);
  }

  private static Optional<Modules> ask(String python) {
    Optional<Path> exe = resolve(python);
    if (exe.isEmpty()) {
      return Optional.empty();
    }
    try {
      Process p =
          new ProcessBuilder(exe.get().toString(), "-c", SCRIPT)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return Optional.empty();
      }
      Map<String, String> versions = new java.util.LinkedHashMap<>();
      for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.strip().split(" ", 2);
        if (!parts[0].isEmpty()) {
          versions.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
      }
      return Optional.of(new Modules(versions));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A program name found on the PATH, or a path that is executable. */
  static Optional<Path> resolve(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    List<Path> dirs = new ArrayList<>();
    for (String d : path.split(":")) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    for (Path d : dirs) {
      Path p = d.resolve(program);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
