package dev.skiff.kubernetes.executor;

import dev.skiff.kubernetes.pod.PodContract;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * What a cluster's scheduler and kubelet would do to step pods, on fabric8's mock server: it
 * watches new step pods and plays a {@link Script} on each (status updates through the API), and
 * serves the containers' logs.
 */
final class TestKubelet implements ContainerLogs, AutoCloseable {

  /** What happens to one pod; runs on the kubelet's own thread. */
  interface Script {
    void play(Pod pod, TestKubelet kubelet) throws Exception;
  }

  private final KubernetesClient client;
  private final Function<Pod, Script> scripts;
  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final SharedIndexInformer<Pod> informer;

  TestKubelet(KubernetesClient client, Function<Pod, Script> scripts) {
    this.client = client;
    this.scripts = scripts;
    this.informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(PodContract.LABEL_COMPONENT, PodContract.COMPONENT_STEP)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    if (pod.getStatus() == null || pod.getStatus().getPhase() == null) {
                      threads.submit(
                          () -> {
                            scripts.apply(pod).play(pod, TestKubelet.this);
                            return null;
                          });
                    }
                  }

                  @Override
                  public void onUpdate(Pod oldPod, Pod newPod) {}

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {}
                },
                0);
  }

  /** Sets the pod's status. */
  void status(Pod pod, PodStatus status) {
    Pod now =
        client
            .pods()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName())
            .get();
    if (now == null) {
      return;
    }
    now.setStatus(status);
    client.pods().inNamespace(now.getMetadata().getNamespace()).resource(now).updateStatus();
  }

  /** The container wrote this to its log. */
  void log(Pod pod, String container, String text) {
    logs.merge(
        key(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), container),
        text,
        String::concat);
  }

  /** Scheduled, prepared, main running. */
  void running(Pod pod) {
    status(
        pod,
        new PodStatusBuilder()
            .withPhase("Running")
            .withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
            .withInitContainerStatuses(terminated(StepPodBuilder.PREPARE, 0, "Completed"))
            .withContainerStatuses(running(StepPodBuilder.MAIN), running(StepPodBuilder.COLLECT))
            .build());
  }

  /** Main exited; the collector is done; the pod's phase follows. */
  void ended(Pod pod, int exit, String reason, String podReason) {
    status(
        pod,
        new PodStatusBuilder()
            .withPhase(exit == 0 ? "Succeeded" : "Failed")
            .withReason(podReason)
            .withInitContainerStatuses(terminated(StepPodBuilder.PREPARE, 0, "Completed"))
            .withContainerStatuses(
                terminated(StepPodBuilder.MAIN, exit, reason),
                terminated(StepPodBuilder.COLLECT, 0, "Completed"))
            .build());
  }

  /** The init container failed: the pod fails without running the step. */
  void prepareFailed(Pod pod, int exit) {
    status(
        pod,
        new PodStatusBuilder()
            .withPhase("Failed")
            .withInitContainerStatuses(terminated(StepPodBuilder.PREPARE, exit, "Error"))
            .build());
  }

  /** The scheduler finds no node. */
  void unschedulable(Pod pod, String message) {
    status(
        pod,
        new PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(message)
                    .build())
            .build());
  }

  /** A container waits with this reason. */
  void waitingContainer(Pod pod, String container, String reason, String message) {
    ContainerStatus s =
        new ContainerStatusBuilder()
            .withName(container)
            .withState(
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason(reason)
                    .withMessage(message)
                    .endWaiting()
                    .build())
            .build();
    status(
        pod,
        new PodStatusBuilder()
            .withPhase("Pending")
            .withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
            .withContainerStatuses(List.of(s))
            .build());
  }

  private static ContainerStatus running(String name) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
        .build();
  }

  private static ContainerStatus terminated(String name, int exit, String reason) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(exit)
                .withReason(reason)
                .endTerminated()
                .build())
        .build();
  }

  @Override
  public InputStream open(String namespace, String pod, String container) throws IOException {
    if (client.pods().inNamespace(namespace).withName(pod).get() == null) {
      throw new NoSuchFileException(pod);
    }
    String text = logs.get(key(namespace, pod, container));
    if (text == null) {
      throw new NoSuchFileException(pod + "/" + container);
    }
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String key(String ns, String pod, String container) {
    return ns + "/" + pod + "/" + container;
  }

  @Override
  public void close() {
    informer.close();
    threads.shutdownNow();
  }
}
