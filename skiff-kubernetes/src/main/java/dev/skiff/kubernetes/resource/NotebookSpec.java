package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Notebook's spec: {@code template.spec} is a core/v1 PodSpec. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotebookSpec {
  private NotebookTemplate template;

  public NotebookSpec() {}

  public NotebookSpec(NotebookTemplate template) {
    this.template = template;
  }

  /** The pod template. */
  public NotebookTemplate getTemplate() {
    return template;
  }

  public void setTemplate(NotebookTemplate template) {
    this.template = template;
  }
}
