package dev.skiff.engine.notebook;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a user asks for when creating a notebook server (Kubeflow's spawner form).
 *
 * @param name the notebook's name, unique in its profile: lowercase letters, digits and {@code -},
 *     starting with a letter, at most 63 characters (a Kubernetes object name)
 * @param environment the name of a configured environment (the local stand-in for an image)
 * @param cpus CPU cores requested (0 = the environment's default)
 * @param memoryBytes memory requested (0 = the environment's default)
 * @param gpus accelerators requested
 * @param env extra environment variables for the server
 * @param volumes data volumes of the profile, shared by its notebooks
 * @param configurations names of admin-defined configurations to apply (Kubeflow's PodDefaults)
 */
public record NotebookSpec(
    String name,
    String environment,
    double cpus,
    long memoryBytes,
    Gpus gpus,
    Map<String, String> env,
    List<Volume> volumes,
    List<String> configurations) {

  /** Copies the collections. */
  public NotebookSpec {
    Objects.requireNonNull(name, "name");
    gpus = gpus == null ? Gpus.NONE : gpus;
    env = env == null ? Map.of() : Map.copyOf(env);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
    configurations = configurations == null ? List.of() : List.copyOf(configurations);
  }

  /**
   * Accelerators, as Kubeflow's form asks for them.
   *
   * @param vendor the resource key, e.g. {@code nvidia.com/gpu} (empty when count is 0)
   * @param count how many (0 = none)
   */
  public record Gpus(String vendor, int count) {
    /** No accelerator. */
    public static final Gpus NONE = new Gpus("", 0);

    /** Normalizes a missing vendor to empty. */
    public Gpus {
      vendor = vendor == null ? "" : vendor;
    }
  }

  /**
   * A data volume: a folder of the profile that every notebook naming it sees, kept when notebooks
   * are deleted (Kubeflow's data volumes / PVCs).
   *
   * @param name the volume's name in the profile (same rules as a notebook name)
   * @param mountPath where it appears, relative to the workspace (e.g. {@code data})
   */
  public record Volume(String name, String mountPath) {}
}
