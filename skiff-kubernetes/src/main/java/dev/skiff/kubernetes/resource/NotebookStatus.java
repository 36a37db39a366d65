package dev.skiff.kubernetes.resource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ContainerState;
import java.util.ArrayList;
import java.util.List;

/**
 * A Notebook's status, as Kubeflow's: conditions, the StatefulSet's ready replicas and the state of
 * the server container ({@code containers[0]}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NotebookStatus {
  private List<NotebookCondition> conditions = new ArrayList<>();
  private Integer readyReplicas = 0;
  private ContainerState containerState;

  public List<NotebookCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<NotebookCondition> conditions) {
    this.conditions = conditions;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public ContainerState getContainerState() {
    return containerState;
  }

  public void setContainerState(ContainerState containerState) {
    this.containerState = containerState;
  }
}
