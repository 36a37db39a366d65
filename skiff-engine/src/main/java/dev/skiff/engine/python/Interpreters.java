package dev.skiff.engine.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The Python interpreters a step may use, each probed once, and which modules each can import,
 * probed once per (interpreter, module set) and remembered for the life of the engine (installing a
 * package while Skiff runs needs a restart to be seen).
 */
final class Interpreters {
  private final List<Path> candidates;
  private final Map<String, String> env;
  private final Map<String, FutureTask<Optional<PythonProbe>>> probes = new ConcurrentHashMap<>();

  /**
   * @param config an explicit interpreter, if any
   * @param env the environment steps run with ({@code PATH} decides which {@code python3})
   */
  Interpreters(PythonConfig config, Map<String, String> env) {
    this.env = env;
    this.candidates = config.python().map(List::of).orElseGet(() -> defaults(env.get("PATH")));
  }

  private static List<Path> defaults(String path) {
    List<Path> out = new ArrayList<>();
    for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "python3");
      if (!dir.isEmpty() && Files.isExecutable(p) && !Files.isDirectory(p)) {
        out.add(p);
        break;
      }
    }
    Path debian = Path.of("/usr/bin/python3");
    if (Files.isExecutable(debian) && !out.contains(debian)) {
      out.add(debian);
    }
    return out;
  }

  /**
   * Every usable interpreter (in preference order, duplicates by {@code sys.executable} removed)
   * with the given modules it cannot import.
   */
  List<PythonProbe> probe(List<String> modules) {
    Map<Path, PythonProbe> out = new LinkedHashMap<>();
    for (Path candidate : candidates) {
      probe(candidate, modules).ifPresent(p -> out.putIfAbsent(p.executable(), p));
    }
    return List.copyOf(out.values());
  }

  private Optional<PythonProbe> probe(Path python, List<String> modules) {
    List<String> sorted = modules.stream().sorted().distinct().toList();
    String key = python + "\0" + String.join(",", sorted);
    FutureTask<Optional<PythonProbe>> task =
        new FutureTask<>(() -> PythonProbe.run(python, sorted, env));
    FutureTask<Optional<PythonProbe>> existing = probes.putIfAbsent(key, task);
    if (existing == null) {
      task.run();
      existing = task;
    }
    try {
      return existing.get();
    } catch (ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
