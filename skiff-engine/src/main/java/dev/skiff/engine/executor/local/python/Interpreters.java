package dev.skiff.engine.executor.local.python;

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
 * The Python interpreters a step may use and which modules each can import, probed per
 * (interpreter, module set). An answer with every module importable is kept for the life of the
 * engine; one with missing modules is asked again after {@link #RECHECK_AFTER}, so a package
 * installed while Skiff runs is seen by the next step.
 */
final class Interpreters {
  private final List<Path> candidates;
  private final Map<String, String> env;
  static final java.time.Duration RECHECK_AFTER = java.time.Duration.ofSeconds(5);

  private record Probe(long atNanos, FutureTask<Optional<PythonProbe>> task) {}

  private final Map<String, Probe> probes = new ConcurrentHashMap<>();
  private final long recheckNanos;

  /**
   * @param config an explicit interpreter, if any
   * @param env the environment steps run with ({@code PATH} decides which {@code python3})
   */
  Interpreters(PythonConfig config, Map<String, String> env, java.time.Duration recheckAfter) {
    this.env = env;
    this.recheckNanos = recheckAfter.toNanos();
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

  /** A finished answer that said some module is missing, given long enough ago to ask again. */
  private boolean stale(Probe p) {
    if (!p.task().isDone() || System.nanoTime() - p.atNanos() < recheckNanos) {
      return false;
    }
    try {
      return p.task().get().map(r -> !r.missing().isEmpty()).orElse(true);
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Optional<PythonProbe> probe(Path python, List<String> modules) {
    List<String> sorted = modules.stream().sorted().distinct().toList();
    String key = python + "\0" + String.join(",", sorted);
    Probe fresh =
        new Probe(System.nanoTime(), new FutureTask<>(() -> PythonProbe.run(python, sorted, env)));
    Probe chosen = probes.compute(key, (k, old) -> old == null || stale(old) ? fresh : old);
    if (chosen == fresh) {
      fresh.task().run();
    }
    FutureTask<Optional<PythonProbe>> existing = chosen.task();
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
