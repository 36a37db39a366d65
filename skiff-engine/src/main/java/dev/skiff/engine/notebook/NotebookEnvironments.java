package dev.skiff.engine.notebook;

import dev.skiff.engine.executor.notebook.NotebookLauncher;
import dev.skiff.engine.executor.notebook.ServerEnvironment;
import dev.skiff.engine.executor.notebook.ServerProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environments users pick from: the configured ones, or one {@code python3} environment found
 * on this machine when none is configured, each probed once through the launcher (which server it
 * runs, or why it cannot).
 */
final class NotebookEnvironments {
  /** Kubeflow's spawner defaults: half a core, 1 GiB. */
  static final double DEFAULT_CPUS = 0.5;

  static final long DEFAULT_MEMORY = 1L << 30;

  private final Map<String, ServerEnvironment> servers = new LinkedHashMap<>();
  private final List<NotebookEnvironment> environments = new ArrayList<>();

  NotebookEnvironments(
      List<NotebookSettings.EnvironmentSettings> configured, NotebookLauncher launcher) {
    List<NotebookSettings.EnvironmentSettings> all =
        configured.isEmpty()
            ? List.of(
                new NotebookSettings.EnvironmentSettings(
                    "python3", "Python 3", "auto", null, List.of(), DEFAULT_CPUS, DEFAULT_MEMORY))
            : configured;
    for (NotebookSettings.EnvironmentSettings s : all) {
      ServerEnvironment server = new ServerEnvironment(s.name(), s.kind(), s.python(), s.command());
      ServerProbe probe = launcher.probe(server);
      servers.put(s.name(), server);
      Optional<String> nameProblem = NotebookRules.nameProblem("environment name", s.name());
      environments.add(
          new NotebookEnvironment(
              s.name(),
              s.displayName(),
              probe.kind(),
              s.defaultCpus() > 0 ? s.defaultCpus() : DEFAULT_CPUS,
              s.defaultMemoryBytes() > 0 ? s.defaultMemoryBytes() : DEFAULT_MEMORY,
              nameProblem.isPresent() ? nameProblem : probe.unavailable()));
    }
  }

  /** Every environment, as configured. */
  List<NotebookEnvironment> all() {
    return List.copyOf(environments);
  }

  /** What the launcher runs for an environment (known names only). */
  Optional<ServerEnvironment> server(String name) {
    return Optional.ofNullable(servers.get(name));
  }

  /** The server kind an environment runs, or empty when unknown. */
  Optional<String> kind(String name) {
    return environments.stream()
        .filter(e -> e.name().equals(name))
        .map(NotebookEnvironment::serverKind)
        .findFirst();
  }
}
