package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.resource.NotebookCondition;
import dev.skiff.kubernetes.resource.NotebookStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Notebook's status from what runs it, as Kubeflow's controller writes it: the pod's conditions,
 * the StatefulSet's ready replicas and the state of the server container. Pure.
 */
public final class NotebookStatusMirror {
  /** The condition type of a spec that cannot run. */
  public static final String INVALID = "InvalidSpec";

  private NotebookStatusMirror() {}

  /**
   * The status of a running (or stopped) notebook.
   *
   * @param statefulSet its StatefulSet, or null before it exists
   * @param pod its pod {@code <name>-0}, or null
   */
  public static NotebookStatus of(StatefulSet statefulSet, Pod pod) {
    NotebookStatus status = new NotebookStatus();
    Integer ready =
        statefulSet == null || statefulSet.getStatus() == null
            ? null
            : statefulSet.getStatus().getReadyReplicas();
    status.setReadyReplicas(ready == null ? 0 : ready);
    List<NotebookCondition> conditions = new ArrayList<>();
    if (pod != null && pod.getStatus() != null) {
      if (pod.getStatus().getConditions() != null) {
        for (PodCondition c : pod.getStatus().getConditions()) {
          conditions.add(
              new NotebookCondition(
                  c.getType(),
                  c.getStatus(),
                  c.getReason(),
                  c.getMessage(),
                  c.getLastProbeTime(),
                  c.getLastTransitionTime()));
        }
      }
      String server = pod.getSpec().getContainers().getFirst().getName();
      List<ContainerStatus> containers = pod.getStatus().getContainerStatuses();
      if (containers != null) {
        containers.stream()
            .filter(s -> server.equals(s.getName()))
            .findFirst()
            .ifPresent(s -> status.setContainerState(s.getState()));
      }
    }
    status.setConditions(conditions);
    return status;
  }

  /** The status of a notebook whose spec cannot run: one condition naming the field. */
  public static NotebookStatus invalid(SpecProblem problem, Instant now) {
    NotebookStatus status = new NotebookStatus();
    status.setReadyReplicas(0);
    status.setConditions(
        List.of(
            new NotebookCondition(
                INVALID, "True", INVALID, problem.toString(), now.toString(), now.toString())));
    return status;
  }
}
