package dev.skiff.deploy.apply;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a real cluster's controllers do that fabric8's mock server does not: the apiextensions
 * controller marks each CRD Established and NamesAccepted ({@code crdDelay} after it first sees it,
 * to play a slow API server), and the Deployment and StatefulSet controllers report every replica
 * available. A thread polling the mock server, stopped by {@link #close()}.
 */
public final class TestControllers implements AutoCloseable {
  private final KubernetesClient client;
  private final Duration crdDelay;
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TestControllers(KubernetesClient client, Duration crdDelay) {
    this.client = client;
    this.crdDelay = crdDelay;
    this.thread = Thread.ofPlatform().daemon().name("test-controllers").start(this::loop);
  }

  private void loop() {
    while (running) {
      try {
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .list()
            .getItems()
            .forEach(this::establish);
        client.apps().deployments().inAnyNamespace().list().getItems().forEach(this::available);
        client.apps().statefulSets().inAnyNamespace().list().getItems().forEach(this::ready);
      } catch (KubernetesClientException e) {
        // a write raced the installer's (409): the next pass tries again
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void establish(CustomResourceDefinition crd) {
    if (Gates.established(crd)) {
      return;
    }
    Instant seen = firstSeen.computeIfAbsent(crd.getMetadata().getName(), n -> Instant.now());
    if (Instant.now().isBefore(seen.plus(crdDelay))) {
      return;
    }
    CustomResourceDefinitionStatus status = new CustomResourceDefinitionStatus();
    status.setConditions(
        List.of(
            new CustomResourceDefinitionConditionBuilder()
                .withType("NamesAccepted")
                .withStatus("True")
                .build(),
            new CustomResourceDefinitionConditionBuilder()
                .withType("Established")
                .withStatus("True")
                .build()));
    crd.setStatus(status);
    client.resource(crd).update();
  }

  private void available(Deployment d) {
    if (Gates.available(d)) {
      return;
    }
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    DeploymentStatus status = new DeploymentStatus();
    status.setReplicas(replicas);
    status.setReadyReplicas(replicas);
    status.setAvailableReplicas(replicas);
    status.setConditions(
        List.of(new DeploymentConditionBuilder().withType("Available").withStatus("True").build()));
    d.setStatus(status);
    client.resource(d).update();
  }

  private void ready(StatefulSet s) {
    if (Gates.ready(s)) {
      return;
    }
    int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    StatefulSetStatus status = new StatefulSetStatus();
    status.setReplicas(replicas);
    status.setReadyReplicas(replicas);
    s.setStatus(status);
    client.resource(s).update();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(2000);
  }
}
