package dev.skiff.engine.notebook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A notebook server as users see it.
 *
 * @param profile its profile
 * @param spec what was asked for (defaults filled in)
 * @param status where it is
 * @param reason why it is in that status, one line (e.g. {@code waiting for 1 GPU: 2 of 2 in use});
 *     empty when there is nothing to say
 * @param serverKind the server that runs, e.g. {@code jupyterlab} or {@code notebook}
 * @param gpuIds the accelerators assigned while it runs (e.g. {@code 0}), empty otherwise
 * @param limits whether CPU and memory limits are enforced, and how or why not
 * @param createdBy the user who created it
 * @param createdAt when
 * @param statusSince when the status last changed
 * @param lastActivity the last kernel or connection activity seen, when known
 */
public record Notebook(
    String profile,
    NotebookSpec spec,
    NotebookStatus status,
    String reason,
    String serverKind,
    List<String> gpuIds,
    String limits,
    String createdBy,
    Instant createdAt,
    Instant statusSince,
    Optional<Instant> lastActivity) {

  /** Copies the list. */
  public Notebook {
    gpuIds = List.copyOf(gpuIds);
    reason = reason == null ? "" : reason;
  }

  /** The notebook's name. */
  public String name() {
    return spec.name();
  }

  /** The path the server is reached under: {@code /notebook/{profile}/{name}/}. */
  public String path() {
    return pathOf(profile, spec.name());
  }

  /** The path of a notebook: {@code /notebook/{profile}/{name}/}. */
  public static String pathOf(String profile, String name) {
    return "/notebook/" + profile + "/" + name + "/";
  }
}
