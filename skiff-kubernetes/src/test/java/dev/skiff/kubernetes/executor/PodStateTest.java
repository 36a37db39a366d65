package dev.skiff.kubernetes.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.junit.jupiter.api.Test;

class PodStateTest {

  private static ContainerStatus waiting(String name, String reason, String message) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }

  private static ContainerStatus terminated(String name, int exit, String reason) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewTerminated()
        .withExitCode(exit)
        .withReason(reason)
        .endTerminated()
        .endState()
        .build();
  }

  private static ContainerStatus running(String name) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withNewState()
        .withNewRunning()
        .endRunning()
        .endState()
        .build();
  }

  private static Pod pod(PodStatusBuilder status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("p")
        .endMetadata()
        .withStatus(status.build())
        .build();
  }

  @Test
  void aNewPodRuns() {
    assertThat(PodState.of(new PodBuilder().build())).isInstanceOf(PodState.Running.class);
    assertThat(PodState.of(pod(new PodStatusBuilder().withPhase("Pending"))))
        .isInstanceOf(PodState.Running.class);
  }

  @Test
  void unschedulableSaysTheSchedulersWords() {
    Pod p =
        pod(
            new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(
                    new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("False")
                        .withReason("Unschedulable")
                        .withMessage("0/3 nodes are available")
                        .build()));
    assertThat(PodState.of(p))
        .isEqualTo(new PodState.Waiting("Unschedulable", "0/3 nodes are available"));
    assertThat(((PodState.Waiting) PodState.of(p)).text())
        .isEqualTo("Unschedulable: 0/3 nodes are available");
  }

  @Test
  void containerWaitingReasonsShowButStartingDoesNot() {
    Pod pull =
        pod(
            new PodStatusBuilder()
                .withPhase("Pending")
                .withInitContainerStatuses(waiting("prepare", "PodInitializing", null))
                .withContainerStatuses(waiting("main", "ImagePullBackOff", "Back-off pulling")));
    assertThat(PodState.of(pull))
        .isEqualTo(new PodState.Waiting("ImagePullBackOff", "Back-off pulling"));
    Pod config =
        pod(
            new PodStatusBuilder()
                .withPhase("Pending")
                .withContainerStatuses(
                    waiting("main", "CreateContainerConfigError", "secret \"s1\" not found")));
    assertThat(((PodState.Waiting) PodState.of(config)).hopeless()).isFalse();
    Pod starting =
        pod(
            new PodStatusBuilder()
                .withPhase("Pending")
                .withContainerStatuses(waiting("main", "ContainerCreating", null)));
    assertThat(PodState.of(starting)).isInstanceOf(PodState.Running.class);
    Pod invalid =
        pod(
            new PodStatusBuilder()
                .withContainerStatuses(waiting("main", "InvalidImageName", "bad")));
    assertThat(((PodState.Waiting) PodState.of(invalid)).hopeless()).isTrue();
  }

  @Test
  void mainEndedWaitsForTheCollector() {
    Pod collecting =
        pod(
            new PodStatusBuilder()
                .withPhase("Running")
                .withContainerStatuses(terminated("main", 0, "Completed"), running("collect")));
    assertThat(PodState.of(collecting)).isInstanceOf(PodState.Running.class);
    Pod done =
        pod(
            new PodStatusBuilder()
                .withPhase("Running")
                .withContainerStatuses(
                    terminated("main", 3, "Error"), terminated("collect", 0, "Completed")));
    assertThat(PodState.of(done)).isEqualTo(new PodState.Ended("exit code 3", 3));
  }

  @Test
  void podReasonsAndKillsAreTheResultWithoutAReport() {
    Pod oom =
        pod(
            new PodStatusBuilder()
                .withPhase("Failed")
                .withContainerStatuses(
                    terminated("main", 137, "OOMKilled"), terminated("collect", 0, "Completed")));
    assertThat(PodState.of(oom)).isEqualTo(new PodState.Ended("OOMKilled", 137));
    Pod evicted =
        pod(
            new PodStatusBuilder()
                .withPhase("Failed")
                .withReason("Evicted")
                .withMessage("The node was low on resource: memory."));
    assertThat(PodState.of(evicted))
        .isEqualTo(new PodState.Ended("Evicted: The node was low on resource: memory.", null));
    Pod prepareFailed =
        pod(
            new PodStatusBuilder()
                .withPhase("Failed")
                .withInitContainerStatuses(terminated("prepare", 1, "Error")));
    assertThat(PodState.of(prepareFailed))
        .isEqualTo(new PodState.Ended("the pod ended before the step ran", null));
  }
}
