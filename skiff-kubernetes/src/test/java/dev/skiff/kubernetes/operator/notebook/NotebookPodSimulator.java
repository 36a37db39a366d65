package dev.skiff.kubernetes.operator.notebook;

import dev.skiff.kubernetes.resource.Notebook;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;

/**
 * Does for notebook StatefulSets what a cluster's StatefulSet controller and kubelet would: one
 * replica becomes a running, ready pod {@code <name>-0} (its first container running), zero
 * replicas delete it, and the StatefulSet's ready replicas follow. {@link #crash} ends the server
 * container as a crashing one would.
 */
public final class NotebookPodSimulator implements AutoCloseable {
  private final KubernetesClient client;
  private final SharedIndexInformer<StatefulSet> informer;

  /** Starts watching StatefulSets labelled {@code notebook-name} in every namespace. */
  public NotebookPodSimulator(KubernetesClient client) {
    this.client = client;
    this.informer =
        client
            .apps()
            .statefulSets()
            .inAnyNamespace()
            .withLabel(Notebook.NAME_LABEL)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(StatefulSet s) {
                    sync(s);
                  }

                  @Override
                  public void onUpdate(StatefulSet old, StatefulSet s) {
                    sync(s);
                  }

                  @Override
                  public void onDelete(StatefulSet s, boolean unknown) {
                    client
                        .pods()
                        .inNamespace(s.getMetadata().getNamespace())
                        .withName(s.getMetadata().getName() + "-0")
                        .delete();
                  }
                });
  }

  private synchronized void sync(StatefulSet s) {
    String ns = s.getMetadata().getNamespace();
    String podName = s.getMetadata().getName() + "-0";
    int wanted = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    Pod pod = client.pods().inNamespace(ns).withName(podName).get();
    if (wanted > 0 && pod == null) {
      pod = client.resource(runningPod(s, podName)).create();
    } else if (wanted == 0 && pod != null) {
      client.resource(pod).delete();
      pod = null;
    }
    int ready = pod != null && ready(pod) ? 1 : 0;
    if (s.getStatus() == null
        || !Objects.equals(s.getStatus().getReadyReplicas(), ready)
        || !Objects.equals(s.getStatus().getReplicas(), wanted)) {
      s.setStatus(
          new StatefulSetStatusBuilder()
              .withReplicas(wanted)
              .withReadyReplicas(ready)
              .withAvailableReplicas(ready)
              .build());
      s.getMetadata().setResourceVersion(null);
      client.resource(s).update();
    }
  }

  /**
   * Ends the server container of a notebook's pod with {@code exitCode} (the kubelet would then
   * restart it into CrashLoopBackOff) and the StatefulSet's readiness with it.
   */
  public synchronized void crash(String namespace, String name, int exitCode, String reason) {
    Pod pod = client.pods().inNamespace(namespace).withName(name + "-0").get();
    ContainerState terminated =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .endTerminated()
            .build();
    pod.getStatus().getContainerStatuses().getFirst().setState(terminated);
    pod.getStatus().getContainerStatuses().getFirst().setReady(false);
    pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .forEach(c -> c.setStatus("False"));
    client.resource(pod).update();
    StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
    s.getStatus().setReadyReplicas(0);
    client.resource(s).update();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static Pod runningPod(StatefulSet s, String name) {
    var template = s.getSpec().getTemplate();
    String container = template.getSpec().getContainers().getFirst().getName();
    String now = "2026-01-01T00:00:00Z";
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(s.getMetadata().getNamespace())
        .withLabels(template.getMetadata().getLabels())
        .endMetadata()
        .withSpec(template.getSpec())
        .withNewStatus()
        .withPhase("Running")
        .withConditions(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("True")
                .withLastTransitionTime(now)
                .build(),
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime(now)
                .build())
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(container)
                .withImage(template.getSpec().getContainers().getFirst().getImage())
                .withReady(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt(now)
                .endRunning()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  @Override
  public void close() {
    informer.close();
  }
}
