package dev.skiff.engine.notebook;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code notebooks.*} configuration.
 *
 * @param environments what users may pick; empty = one environment {@code python3} found on this
 *     machine (JupyterLab when installed, else the classic Notebook, else Jupyter Server)
 * @param cullIdleAfter stop a server idle this long (no kernel activity, no connections); {@link
 *     Duration#ZERO} = never
 * @param cullCheckPeriod how often servers are checked for idleness
 * @param startTimeout how long a server may take to answer after it started before it is Failed
 * @param configurations admin-defined configurations (Kubeflow's PodDefaults): name → environment
 *     variables added to a server that selects it
 */
public record NotebookSettings(
    List<EnvironmentSettings> environments,
    Duration cullIdleAfter,
    Duration cullCheckPeriod,
    Duration startTimeout,
    Map<String, Map<String, String>> configurations) {

  /** Kubeflow's default idle time is a day; a laptop's is shorter. */
  public static final Duration DEFAULT_CULL_IDLE_AFTER = Duration.ofHours(8);

  /** Checks and copies. */
  public NotebookSettings {
    environments = List.copyOf(environments);
    Objects.requireNonNull(cullIdleAfter, "cullIdleAfter");
    Objects.requireNonNull(cullCheckPeriod, "cullCheckPeriod");
    Objects.requireNonNull(startTimeout, "startTimeout");
    configurations = Map.copyOf(configurations);
  }

  /**
   * The defaults: auto-detected environment, culling after 8 h checked every minute, 2 min start.
   */
  public static NotebookSettings defaults() {
    return new NotebookSettings(
        List.of(), DEFAULT_CULL_IDLE_AFTER, Duration.ofMinutes(1), Duration.ofMinutes(2), Map.of());
  }

  /**
   * One configured environment.
   *
   * @param name its key (same rules as a notebook name)
   * @param displayName for the form (defaults to the name)
   * @param kind {@code auto}, {@code jupyterlab}, {@code notebook}, {@code jupyter-server} or
   *     {@code command}
   * @param python the interpreter of a venv, conda env or the system (null = {@code python3} on the
   *     PATH, then {@code /usr/bin/python3}); unused for {@code command}
   * @param command for {@code command}: the program and its arguments, with {@code {port}}, {@code
   *     {base_url}}, {@code {token}} and {@code {workspace}} replaced (e.g. code-server)
   * @param defaultCpus CPU cores when a notebook asks for none (0.5 in Kubeflow)
   * @param defaultMemoryBytes memory when a notebook asks for none (1 GiB in Kubeflow)
   */
  public record EnvironmentSettings(
      String name,
      String displayName,
      String kind,
      String python,
      List<String> command,
      double defaultCpus,
      long defaultMemoryBytes) {
    /** Copies the command. */
    public EnvironmentSettings {
      command = command == null ? List.of() : List.copyOf(command);
      displayName = displayName == null || displayName.isBlank() ? name : displayName;
      kind = kind == null || kind.isBlank() ? "auto" : kind;
    }
  }
}
