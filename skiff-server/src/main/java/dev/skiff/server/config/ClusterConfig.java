package dev.skiff.server.config;

import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.notebook.NotebookImages;
import java.util.Objects;

/**
 * Skiff on Kubernetes ({@code kubernetes.*}): the cluster settings and the images notebook servers
 * run in.
 *
 * @param settings namespace, Skiff's image, service account, accelerators, ...
 * @param notebookImages which image each notebook environment runs, workspace size and class
 */
public record ClusterConfig(KubernetesSettings settings, NotebookImages notebookImages) {
  public ClusterConfig {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(notebookImages, "notebookImages");
  }
}
