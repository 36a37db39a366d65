package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.resource.Notebook;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Notebook CRD generated from {@link Notebook} with fabric8's CRD generator (the operator's CRD
 * rendering does the same for deployment), once per JVM.
 */
public final class NotebookCrd {
  private static CustomResourceDefinition crd;

  private NotebookCrd() {}

  /** The CRD {@code notebooks.kubeflow.org}. */
  public static synchronized CustomResourceDefinition definition() {
    if (crd == null) {
      try {
        Path dir = Files.createTempDirectory("notebook-crd");
        new CRDGenerator()
            .inOutputDir(dir.toFile())
            .forCRDVersions("v1")
            .customResourceClasses(Notebook.class)
            .generate();
        Path file = dir.resolve("notebooks.kubeflow.org-v1.yml");
        try (InputStream in = Files.newInputStream(file)) {
          crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        Files.delete(file);
        Files.delete(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Serialization.clone(crd);
  }
}
