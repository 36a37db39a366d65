package dev.skiff.kubernetes.executor;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a step pod's status says, in the terms the executor acts on: still waiting (with Kubernetes'
 * reason), running, or ended (the report decides how). Pure.
 */
sealed interface PodState {

  /** Reasons that never heal by waiting: the pod is failed at once with Kubernetes' reason. */
  Set<String> HOPELESS = Set.of("InvalidImageName", "ErrImageNeverPull");

  /**
   * Reasons that may heal (a registry that comes back, a secret or config map created later), up to
   * a limit.
   */
  Set<String> MAY_HEAL =
      Set.of(
          "ErrImagePull", "ImagePullBackOff", "CreateContainerConfigError", "CreateContainerError");

  /**
   * The pod does not run yet, or a container cannot start.
   *
   * @param reason Kubernetes' reason, e.g. {@code Unschedulable} or {@code ImagePullBackOff}
   * @param message Kubernetes' message
   */
  record Waiting(String reason, String message) implements PodState {
    /** As the task shows it. */
    String text() {
      return message.isEmpty() ? reason : reason + ": " + message;
    }

    boolean hopeless() {
      return HOPELESS.contains(reason);
    }
  }

  /** Scheduled and starting or running, with nothing to report. */
  record Running() implements PodState {}

  /**
   * The step's containers are done (or the pod ended without them): the report, when there is one,
   * tells the result; else {@code reason} does.
   *
   * @param reason why, when the pod says: {@code OOMKilled}, {@code DeadlineExceeded}, {@code
   *     Evicted}, or {@code exit code N}
   * @param exitCode the main container's exit code, when it ran
   */
  record Ended(String reason, Integer exitCode) implements PodState {}

  /** What {@code pod} says now. */
  static PodState of(Pod pod) {
    var status = pod.getStatus();
    if (status == null) {
      return new Running();
    }
    String phase = status.getPhase() == null ? "" : status.getPhase();
    Optional<ContainerStatus> main = container(status.getContainerStatuses(), StepPodBuilder.MAIN);
    Optional<ContainerStatus> collect =
        container(status.getContainerStatuses(), StepPodBuilder.COLLECT);
    ContainerStateTerminated mainEnd = main.map(PodState::terminated).orElse(null);
    boolean collectEnded = collect.map(PodState::terminated).isPresent();
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      return ended(status.getReason(), status.getMessage(), mainEnd);
    }
    if (mainEnd != null && collectEnded) {
      return ended(null, null, mainEnd);
    }
    if (mainEnd != null) {
      return new Running(); // the collector is storing outputs
    }
    for (PodCondition c : status.getConditions()) {
      if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
        return new Waiting(nonNull(c.getReason(), "Unschedulable"), nonNull(c.getMessage(), ""));
      }
    }
    List<ContainerStatus> all = new ArrayList<>(status.getInitContainerStatuses());
    all.addAll(status.getContainerStatuses());
    for (ContainerStatus s : all) {
      ContainerStateWaiting w = s.getState() == null ? null : s.getState().getWaiting();
      if (w != null && w.getReason() != null && !isStarting(w.getReason())) {
        return new Waiting(w.getReason(), nonNull(w.getMessage(), ""));
      }
    }
    // A failed prepare ends the pod (restartPolicy Never): its phase says so next.
    return new Running();
  }

  private static boolean isStarting(String reason) {
    return reason.equals("ContainerCreating") || reason.equals("PodInitializing");
  }

  private static PodState ended(
      String podReason, String podMessage, ContainerStateTerminated main) {
    if (podReason != null && !podReason.isEmpty()) {
      String m = podMessage == null || podMessage.isEmpty() ? "" : ": " + podMessage;
      return new Ended(podReason + m, main == null ? null : main.getExitCode());
    }
    if (main == null) {
      return new Ended("the pod ended before the step ran", null);
    }
    String reason = main.getReason();
    if (reason != null
        && !reason.isEmpty()
        && !reason.equals("Completed")
        && !reason.equals("Error")) {
      return new Ended(reason, main.getExitCode());
    }
    return new Ended("exit code " + main.getExitCode(), main.getExitCode());
  }

  private static ContainerStateTerminated terminated(ContainerStatus s) {
    return s.getState() == null ? null : s.getState().getTerminated();
  }

  private static Optional<ContainerStatus> container(List<ContainerStatus> list, String name) {
    return list.stream().filter(s -> name.equals(s.getName())).findFirst();
  }

  private static String nonNull(String s, String otherwise) {
    return s == null ? otherwise : s;
  }
}
