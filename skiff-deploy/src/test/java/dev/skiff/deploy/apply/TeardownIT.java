package dev.skiff.deploy.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.kubernetes.apply.Applier;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Teardown waits for objects held by finalizers, reports one whose finalizer never goes as left
 * (not clean), and finds an object carrying the install's label that the inventory does not list.
 */
@EnableKubernetesMockClient(
    crud = true,
    https = false,
    kubernetesClientBuilderCustomizer = NoClientRetries.class)
class TeardownIT {
  static final String FINALIZER = "example.com/cleanup";
  KubernetesClient client;
  KubernetesMockServer server;
  final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeEach
  void install() throws Exception {
    try (var controllers = new TestControllers(client, Duration.ZERO)) {
      new Installer(
              client,
              Applier.createOrReplace(client),
              Applier.serverSideDryRun(client, "skiff"),
              line -> {})
          .install(TestCluster.objects(), TestCluster.options(Duration.ofSeconds(30)));
    }
    client
        .configMaps()
        .inNamespace(TestCluster.NS)
        .withName("skiff-config")
        .edit(
            c ->
                new ConfigMapBuilder(c)
                    .editMetadata()
                    .addToFinalizers(FINALIZER)
                    .endMetadata()
                    .build());
  }

  Teardown teardown() {
    return new Teardown(client, lines::add);
  }

  @Test
  void a_finalizer_that_goes_is_waited_for() throws Exception {
    CompletableFuture<Void> finalizerController =
        CompletableFuture.runAsync(
            () -> {
              var cm = client.configMaps().inNamespace(TestCluster.NS).withName("skiff-config");
              var lastDeleted =
                  client
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName("profiles.kubeflow.org");
              // the teardown deletes the CRDs last: then it waits for what finalizers hold
              while (lastDeleted.get() != null) {
                sleep(20);
              }
              sleep(500);
              cm.edit(
                  c ->
                      new ConfigMapBuilder(c)
                          .editMetadata()
                          .removeFromFinalizers(FINALIZER)
                          .endMetadata()
                          .build());
            });
    TeardownReport report =
        teardown()
            .teardown(TestCluster.NS, "skiff", true, Duration.ofSeconds(20), Duration.ofMillis(25));
    finalizerController.get();
    assertThat(report.clean()).as(String.join("\n", lines)).isTrue();
    assertThat(String.join("\n", lines))
        .contains("waiting for 11 objects to be gone")
        .containsPattern("11 objects to be gone: done \\((0\\.[5-9]|\\d\\.\\d) s\\)");
  }

  @Test
  void a_finalizer_that_stays_is_reported_left() {
    TeardownReport report =
        teardown()
            .teardown(TestCluster.NS, "skiff", true, Duration.ofSeconds(2), Duration.ofMillis(25));
    assertThat(report.clean()).isFalse();
    assertThat(report.left().stream().map(ObjectRef::toString))
        .containsExactly("ConfigMap skiff-test/skiff-config");
    assertThat(lines)
        .contains("LEFT     ConfigMap skiff-test/skiff-config")
        .contains("1 objects labelled skiff.dev/install=skiff remain.");
  }

  @Test
  void an_object_with_the_label_outside_the_inventory_is_found() {
    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("made-by-hand")
                .withNamespace("default")
                .addToLabels("skiff.dev/install", "skiff")
                .endMetadata()
                .build())
        .create();
    client
        .configMaps()
        .inNamespace(TestCluster.NS)
        .withName("skiff-config")
        .edit(c -> new ConfigMapBuilder(c).editMetadata().withFinalizers().endMetadata().build());
    TeardownReport report =
        teardown()
            .teardown(TestCluster.NS, "skiff", true, Duration.ofSeconds(2), Duration.ofMillis(25));
    assertThat(report.left().stream().map(ObjectRef::toString))
        .containsExactly("ConfigMap default/made-by-hand");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
