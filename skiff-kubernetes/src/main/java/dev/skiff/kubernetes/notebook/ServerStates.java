package dev.skiff.kubernetes.notebook;

import dev.skiff.engine.executor.notebook.ServerState;
import dev.skiff.kubernetes.operator.notebook.NotebookReconciler;
import dev.skiff.kubernetes.operator.notebook.NotebookStatusMirror;
import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.resource.NotebookCondition;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Set;

/**
 * Whether a server still runs, from its Notebook and its pod: a server whose container ended (or
 * keeps crashing), whose image cannot be pulled, or whose Notebook is gone or invalid has ended;
 * one still being scheduled or pulled runs as far as the engine is concerned (its start timeout
 * decides). Pure.
 */
final class ServerStates {
  /** Waiting reasons the kubelet will not get out of by itself. */
  private static final Set<String> STUCK =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private ServerStates() {}

  /**
   * The state.
   *
   * @param handle the server's handle (for the message)
   * @param notebook its Notebook, or null when gone
   * @param pod its pod, or null while there is none
   */
  static ServerState of(String handle, Notebook notebook, Pod pod) {
    if (notebook == null) {
      return new ServerState.Ended("the Notebook " + handle + " no longer exists");
    }
    if (notebook.stopped()) {
      return new ServerState.Ended("the Notebook " + handle + " was stopped outside Skiff");
    }
    if (notebook.getStatus() != null && notebook.getStatus().getConditions() != null) {
      for (NotebookCondition c : notebook.getStatus().getConditions()) {
        if (NotebookStatusMirror.INVALID.equals(c.getType())
            || NotebookReconciler.FAILED.equals(c.getType())) {
          return new ServerState.Ended(c.getMessage());
        }
      }
    }
    if (pod == null || pod.getStatus() == null) {
      return new ServerState.Alive();
    }
    if ("Failed".equals(pod.getStatus().getPhase())) {
      return new ServerState.Ended(
          "the server's pod failed: "
              + pod.getStatus().getReason()
              + " "
              + pod.getStatus().getMessage());
    }
    if (pod.getStatus().getInitContainerStatuses() != null) {
      for (ContainerStatus s : pod.getStatus().getInitContainerStatuses()) {
        ContainerStateWaiting waiting = s.getState() == null ? null : s.getState().getWaiting();
        if (waiting != null && STUCK.contains(waiting.getReason())) {
          return stuck(waiting);
        }
      }
    }
    String server = serverContainer(notebook);
    if (pod.getStatus().getContainerStatuses() == null) {
      return new ServerState.Alive();
    }
    for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
      if (!server.equals(s.getName()) || s.getState() == null) {
        continue;
      }
      if (s.getState().getTerminated() != null) {
        return exited(s.getState().getTerminated(), "");
      }
      ContainerStateWaiting waiting = s.getState().getWaiting();
      if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
        ContainerStateTerminated last =
            s.getLastState() == null ? null : s.getLastState().getTerminated();
        return last != null
            ? exited(last, " (CrashLoopBackOff)")
            : new ServerState.Ended("the server keeps crashing (CrashLoopBackOff)");
      }
      if (waiting != null && STUCK.contains(waiting.getReason())) {
        return stuck(waiting);
      }
    }
    return new ServerState.Alive();
  }

  /** The name of {@code containers[0]} (Skiff names it after the notebook, as Kubeflow does). */
  private static String serverContainer(Notebook notebook) {
    var spec = notebook.getSpec();
    if (spec != null
        && spec.getTemplate() != null
        && spec.getTemplate().getSpec() != null
        && spec.getTemplate().getSpec().getContainers() != null
        && !spec.getTemplate().getSpec().getContainers().isEmpty()) {
      return spec.getTemplate().getSpec().getContainers().getFirst().getName();
    }
    return notebook.getMetadata().getName();
  }

  private static ServerState stuck(ContainerStateWaiting waiting) {
    return new ServerState.Ended(
        "the server cannot start: "
            + waiting.getReason()
            + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage()));
  }

  private static ServerState exited(ContainerStateTerminated t, String note) {
    int code = t.getExitCode() == null ? -1 : t.getExitCode();
    String reason =
        t.getReason() == null || t.getReason().isBlank() ? "" : " (" + t.getReason() + ")";
    return new ServerState.Ended("the server exited with code " + code + reason + note, code == 0);
  }
}
