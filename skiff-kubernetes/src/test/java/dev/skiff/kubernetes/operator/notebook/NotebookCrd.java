package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.operator.CustomResourceDefinitions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The Notebook CRD exactly as {@code skiff render crds} prints it, generated once per JVM. */
public final class NotebookCrd {
  private static CustomResourceDefinition crd;

  private NotebookCrd() {}

  /** A copy of the CRD {@code notebooks.kubeflow.org}. */
  public static synchronized CustomResourceDefinition definition() {
    if (crd == null) {
      crd = CustomResourceDefinitions.named("notebooks.kubeflow.org");
    }
    return Serialization.clone(crd);
  }
}
