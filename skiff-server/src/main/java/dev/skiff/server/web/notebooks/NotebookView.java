package dev.skiff.server.web.notebooks;

import dev.skiff.engine.notebook.Notebook;
import dev.skiff.engine.notebook.NotebookSpec;
import dev.skiff.engine.notebook.NotebookStatus;
import dev.skiff.server.web.DashboardPaths;
import dev.skiff.server.web.Format;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * A notebook server as the dashboard's pages show it: its facts in words and the URLs of its page,
 * its server (through the proxy) and its API resource.
 *
 * @param notebook the notebook
 */
public record NotebookView(Notebook notebook) {

  /** The notebook's name. */
  public String name() {
    return notebook.name();
  }

  /** {@code Pending}, {@code Running}, ... */
  public String statusLabel() {
    return notebook.status().display();
  }

  /** The status badge's CSS class, e.g. {@code state-running}, {@code state-stopped}. */
  public String stateClass() {
    return "state-" + notebook.status().name().toLowerCase(Locale.ROOT);
  }

  /** Why it is in its status (empty when there is nothing to say). */
  public String reason() {
    return notebook.reason();
  }

  /** Whether its status is about to change by itself (the pages watch it then). */
  public boolean busy() {
    return notebook.status() == NotebookStatus.PENDING
        || notebook.status() == NotebookStatus.STOPPING;
  }

  /** Whether the server answers: Connect is offered. */
  public boolean running() {
    return notebook.status() == NotebookStatus.RUNNING;
  }

  /** Whether Start is offered (stopped or failed). */
  public boolean startable() {
    return notebook.status() == NotebookStatus.STOPPED
        || notebook.status() == NotebookStatus.FAILED;
  }

  /** Whether Stop is offered (running or waiting to run). */
  public boolean stoppable() {
    return notebook.status() == NotebookStatus.RUNNING
        || notebook.status() == NotebookStatus.PENDING;
  }

  /** The environment's name. */
  public String environment() {
    return notebook.spec().environment();
  }

  /** CPU cores, e.g. {@code 0.5} or {@code 2}. */
  public String cpu() {
    return cores(notebook.spec().cpus());
  }

  /** Memory, e.g. {@code 1.0 GiB}. */
  public String memory() {
    return Format.bytes(notebook.spec().memoryBytes());
  }

  /** Accelerators: {@code none} or {@code 1 × nvidia.com/gpu}. */
  public String gpus() {
    NotebookSpec.Gpus g = notebook.spec().gpus();
    return g.count() == 0 ? "none" : g.count() + " × " + g.vendor();
  }

  /** The assigned accelerators' ids, e.g. {@code 0, 1}; empty when none is assigned. */
  public String gpuIds() {
    return String.join(", ", notebook.gpuIds());
  }

  /** When the server was last active, or empty when unknown. */
  public String lastActivity() {
    return notebook.lastActivity().map(Format::when).orElse("");
  }

  /** The ISO form of {@link #lastActivity()}. */
  public String lastActivityIso() {
    return notebook.lastActivity().map(Format::iso).orElse("");
  }

  /** The path of its page: {@code /p/{profile}/notebooks/{name}}. */
  public String page() {
    return DashboardPaths.profile(
        notebook.profile(), "notebooks/" + DashboardPaths.segment(notebook.name()));
  }

  /** Where the server is reached (through the proxy): {@code /notebook/{profile}/{name}/}. */
  public String connect() {
    return notebook.path();
  }

  /** Its resource in the JSON API. */
  public String api() {
    return apiPath(notebook.profile(), notebook.name());
  }

  /** The JSON API's resource of a notebook. */
  static String apiPath(String profile, String name) {
    return "/api/v1/profiles/"
        + DashboardPaths.segment(profile)
        + "/notebooks/"
        + DashboardPaths.segment(name);
  }

  /** Cores without needless digits: {@code 0.5}, {@code 2}. */
  static String cores(double cpus) {
    return BigDecimal.valueOf(cpus).stripTrailingZeros().toPlainString();
  }

  /** Memory as the form's field takes it: {@code 1Gi}, {@code 512Mi} or bytes. */
  static String quantity(long bytes) {
    long gib = 1L << 30;
    long mib = 1L << 20;
    if (bytes > 0 && bytes % gib == 0) {
      return bytes / gib + "Gi";
    }
    if (bytes > 0 && bytes % mib == 0) {
      return bytes / mib + "Mi";
    }
    return Long.toString(bytes);
  }
}
