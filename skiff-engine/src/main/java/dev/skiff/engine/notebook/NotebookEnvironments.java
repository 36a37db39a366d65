package dev.skiff.engine.notebook;

import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The environments users pick from: the configured ones, or one {@code python3} environment found
 * on this machine when none is configured, each probed once through the launcher (which server it
 * runs, or why it cannot).
 *
 * <p>The probes (a Python process each, 0.3 s for one that imports Jupyter) run in the background
 * from construction on, so that they are not part of a server's start; the first question about the
 * environments waits for them.
 */
final class NotebookEnvironments {
  /** Kubeflow's spawner defaults: half a core, 1 GiB. */
  static final double DEFAULT_CPUS = 0.5;

  static final long DEFAULT_MEMORY = 1L << 30;

  private final Map<String, ServerEnvironment> servers = new LinkedHashMap<>();
  private final CompletableFuture<List<NotebookEnvironment>> environments =
      new CompletableFuture<>();

  NotebookEnvironments(
      List<NotebookSettings.EnvironmentSettings> configured, NotebookLauncher launcher) {
    List<NotebookSettings.EnvironmentSettings> all =
        configured.isEmpty()
            ? List.of(
                new NotebookSettings.EnvironmentSettings(
                    "python3", "Python 3", "auto", null, List.of(), DEFAULT_CPUS, DEFAULT_MEMORY))
            : configured;
    for (NotebookSettings.EnvironmentSettings s : all) {
      servers.put(s.name(), new ServerEnvironment(s.name(), s.kind(), s.python(), s.command()));
    }
    Thread.ofVirtual()
        .name("skiff-notebook-probe")
        .start(
            () -> {
              try {
                environments.complete(probe(all, launcher));
              } catch (RuntimeException | Error e) {
                environments.completeExceptionally(e);
              }
            });
  }

  private List<NotebookEnvironment> probe(
      List<NotebookSettings.EnvironmentSettings> all, NotebookLauncher launcher) {
    List<NotebookEnvironment> probed = new ArrayList<>();
    for (NotebookSettings.EnvironmentSettings s : all) {
      ServerProbe probe = launcher.probe(servers.get(s.name()));
      Optional<String> nameProblem = NotebookRules.nameProblem("environment name", s.name());
      probed.add(
          new NotebookEnvironment(
              s.name(),
              s.displayName(),
              probe.kind(),
              s.defaultCpus() > 0 ? s.defaultCpus() : DEFAULT_CPUS,
              s.defaultMemoryBytes() > 0 ? s.defaultMemoryBytes() : DEFAULT_MEMORY,
              nameProblem.isPresent() ? nameProblem : probe.unavailable()));
    }
    return List.copyOf(probed);
  }

  /** Every environment, as configured. */
  List<NotebookEnvironment> all() {
    try {
      return environments.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** What the launcher runs for an environment (known names only). */
  Optional<ServerEnvironment> server(String name) {
    return Optional.ofNullable(servers.get(name));
  }

  /** The server kind an environment runs, or empty when unknown. */
  Optional<String> kind(String name) {
    return all().stream()
        .filter(e -> e.name().equals(name))
        .map(NotebookEnvironment::serverKind)
        .findFirst();
  }
}
