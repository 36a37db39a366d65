package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.PodSpec;

/** A Notebook's pod template (Kubeflow's has only {@code spec}, no metadata). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotebookTemplate {
  private PodSpec spec;

  public NotebookTemplate() {}

  public NotebookTemplate(PodSpec spec) {
    this.spec = spec;
  }

  /** The pod's spec; {@code containers[0]} is the server. */
  public PodSpec getSpec() {
    return spec;
  }

  public void setSpec(PodSpec spec) {
    this.spec = spec;
  }
}
