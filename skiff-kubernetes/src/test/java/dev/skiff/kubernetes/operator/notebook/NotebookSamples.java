package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.resource.Notebook;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Kubeflow-style sample manifests in {@code src/test/resources/notebook}. */
public final class NotebookSamples {
  private NotebookSamples() {}

  /** A CPU notebook as Kubeflow's spawner makes it. */
  public static Notebook cpu() {
    return load("kubeflow-notebook.yaml");
  }

  /** A GPU notebook (T4 node selector, GPU toleration). */
  public static Notebook gpu() {
    return load("kubeflow-gpu-notebook.yaml");
  }

  /** The manifest's text. */
  public static String text(String file) {
    try (InputStream in = NotebookSamples.class.getResourceAsStream("/notebook/" + file)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Notebook load(String file) {
    return Serialization.unmarshal(text(file), Notebook.class);
  }
}
