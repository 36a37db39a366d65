package dev.skiff.kubernetes.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.engine.executor.notebook.ServerState;
import dev.skiff.kubernetes.operator.notebook.NotebookSamples;
import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.resource.NotebookCondition;
import dev.skiff.kubernetes.resource.NotebookStatus;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerStatesTest {
  private static final String HANDLE = "kubeflow-user-example-com/my-notebook";

  private static Pod pod(ContainerStatus status) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("my-notebook-0")
        .endMetadata()
        .withNewStatus()
        .withPhase("Running")
        .withContainerStatuses(status)
        .endStatus()
        .build();
  }

  private static ContainerStatusBuilder server() {
    return new ContainerStatusBuilder().withName("my-notebook");
  }

  @Test
  void aRunningOrPendingServerIsAlive() {
    Notebook nb = NotebookSamples.cpu();
    assertThat(ServerStates.of(HANDLE, nb, null)).isInstanceOf(ServerState.Alive.class);
    assertThat(
            ServerStates.of(
                HANDLE,
                nb,
                pod(server().withNewState().withNewRunning().endRunning().endState().build())))
        .isInstanceOf(ServerState.Alive.class);
    assertThat(
            ServerStates.of(
                HANDLE,
                nb,
                pod(
                    server()
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ContainerCreating")
                        .endWaiting()
                        .endState()
                        .build())))
        .isInstanceOf(ServerState.Alive.class);
  }

  @Test
  void aCrashedContainerHasEndedWithItsReason() {
    var status =
        server()
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("OOMKilled")
            .endTerminated()
            .endLastState()
            .build();
    assertThat(ServerStates.of(HANDLE, NotebookSamples.cpu(), pod(status)))
        .isEqualTo(
            new ServerState.Ended(
                "the server exited with code 137 (OOMKilled) (CrashLoopBackOff)", false));
  }

  @Test
  void aCleanExitIsClean() {
    var status =
        server()
            .withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .withReason("Completed")
            .endTerminated()
            .endState()
            .build();
    assertThat(ServerStates.of(HANDLE, NotebookSamples.cpu(), pod(status)))
        .isEqualTo(new ServerState.Ended("the server exited with code 0 (Completed)", true));
  }

  @Test
  void anImageThatCannotBePulledHasEnded() {
    var status =
        server()
            .withNewState()
            .withNewWaiting()
            .withReason("ImagePullBackOff")
            .withMessage("Back-off pulling image \"nope:1\"")
            .endWaiting()
            .endState()
            .build();
    assertThat(ServerStates.of(HANDLE, NotebookSamples.cpu(), pod(status)))
        .isInstanceOfSatisfying(
            ServerState.Ended.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(
                        "the server cannot start: ImagePullBackOff: Back-off pulling image \"nope:1\""));
  }

  @Test
  void aGoneOrInvalidNotebookHasEnded() {
    assertThat(ServerStates.of(HANDLE, null, null))
        .isEqualTo(new ServerState.Ended("the Notebook " + HANDLE + " no longer exists"));
    Notebook nb = NotebookSamples.cpu();
    NotebookStatus s = new NotebookStatus();
    s.setConditions(
        List.of(
            new NotebookCondition(
                "InvalidSpec",
                "True",
                "InvalidSpec",
                "spec.template.spec.containers: at least one",
                null,
                null)));
    nb.setStatus(s);
    assertThat(ServerStates.of(HANDLE, nb, null))
        .isEqualTo(new ServerState.Ended("spec.template.spec.containers: at least one"));
  }

  @Test
  void anInitContainerThatCannotBePulledHasEnded() {
    Pod pod =
        pod(
            server()
                .withNewState()
                .withNewWaiting()
                .withReason("PodInitializing")
                .endWaiting()
                .endState()
                .build());
    pod.getStatus()
        .setInitContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName("kfp-context")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ErrImagePull")
                    .withMessage("not found")
                    .endWaiting()
                    .endState()
                    .build()));
    assertThat(ServerStates.of(HANDLE, NotebookSamples.cpu(), pod))
        .isEqualTo(new ServerState.Ended("the server cannot start: ErrImagePull: not found"));
  }
}
