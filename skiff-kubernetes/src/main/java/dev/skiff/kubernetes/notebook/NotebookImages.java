package dev.skiff.kubernetes.notebook;

import java.util.Map;
import java.util.Objects;

/**
 * Which image a Skiff notebook environment runs in on a cluster ({@code kubernetes.notebooks} in
 * {@code skiff.yaml}): a local environment names an interpreter, a cluster needs an image with
 * Jupyter in it. The default is Kubeflow's JupyterLab image, so that environments not listed run as
 * in Kubeflow's spawner.
 *
 * @param images environment name → image
 * @param defaultImage the image of environments not listed
 * @param workspaceSize the size of a new workspace volume (Kubeflow's spawner: {@code 5Gi})
 * @param storageClass the workspace volume's storage class, or empty for the cluster's default
 */
public record NotebookImages(
    Map<String, String> images, String defaultImage, String workspaceSize, String storageClass) {

  /** Kubeflow's JupyterLab image with the SciPy stack. */
  public static final String KUBEFLOW_JUPYTER =
      "ghcr.io/kubeflow/kubeflow/notebook-servers/jupyter-scipy:v1.10.0";

  /** Every environment in Kubeflow's image, 5 GiB workspaces of the default storage class. */
  public static final NotebookImages DEFAULTS =
      new NotebookImages(Map.of(), KUBEFLOW_JUPYTER, "5Gi", "");

  public NotebookImages {
    images = Map.copyOf(images);
    Objects.requireNonNull(defaultImage, "defaultImage");
    Objects.requireNonNull(workspaceSize, "workspaceSize");
    Objects.requireNonNull(storageClass, "storageClass");
  }

  /** The image of an environment. */
  public String image(String environment) {
    return images.getOrDefault(environment, defaultImage);
  }
}
