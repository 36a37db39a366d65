package dev.skiff.kubernetes.operator.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.KubernetesSettings;
import dev.skiff.kubernetes.apply.Applier;
import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real API server (kubeconfig in {@code SKIFF_IT_KUBECONFIG}; skipped when unset): the
 * generated CRD installs and becomes Established, a Notebook becomes its StatefulSet and Service
 * with owner references (written by server-side apply with Skiff's field manager), the stop
 * annotation scales to zero, and deleting the Notebook garbage-collects both. Without a kubelet the
 * pod stays Pending, which is all this needs.
 */
class NotebookClusterIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private KubernetesClient client;
  private Operator operator;
  private String namespace;

  @BeforeEach
  void connect() throws Exception {
    String kubeconfig = System.getenv("SKIFF_IT_KUBECONFIG");
    Assumptions.assumeTrue(
        kubeconfig != null && !kubeconfig.isBlank(),
        "SKIFF_IT_KUBECONFIG is not set: skipping the real-cluster Notebook test");
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
            .build();
    CustomResourceDefinition crd = NotebookCrd.definition();
    client
        .resource(crd)
        .fieldManager(KubernetesSettings.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
            2,
            TimeUnit.MINUTES);
    namespace = "skiff-it-nb-" + UUID.randomUUID().toString().substring(0, 8);
    client
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(
        new NotebookReconciler(Applier.serverSide(client, KubernetesSettings.FIELD_MANAGER)));
    operator.start();
  }

  @AfterEach
  void disconnect() {
    if (client == null) {
      return;
    }
    operator.stop();
    client.namespaces().withName(namespace).delete();
    client.close();
  }

  @Test
  void aNotebookBecomesItsStatefulSetAndServiceAndGoesWithIt() {
    Notebook nb = NotebookSamples.cpu();
    nb.getMetadata().setNamespace(namespace);
    Notebook created = client.resource(nb).create();
    String uid = created.getMetadata().getUid();

    await().atMost(WAIT).until(() -> sts() != null && service() != null);
    for (var owned : List.of(sts().getMetadata(), service().getMetadata())) {
      assertThat(owned.getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getUid()).isEqualTo(uid);
                assertThat(o.getController()).isTrue();
              });
      assertThat(owned.getManagedFields())
          .anySatisfy(m -> assertThat(m.getManager()).isEqualTo(KubernetesSettings.FIELD_MANAGER));
    }
    assertThat(sts().getSpec().getReplicas()).isEqualTo(1);
    KubernetesSchemas schemas = KubernetesSchemas.load();
    schemas.assertValid(NotebookObjects.statefulSet(created));
    schemas.assertValid(NotebookObjects.service(created));
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Notebook n = notebook();
              return n.getStatus() != null && n.getStatus().getReadyReplicas() == 0;
            });

    client
        .resources(Notebook.class)
        .inNamespace(namespace)
        .withName("my-notebook")
        .edit(
            n -> {
              n.getMetadata()
                  .getAnnotations()
                  .put(Notebook.STOPPED_ANNOTATION, "2026-12-05T12:00:00Z");
              return n;
            });
    await().atMost(WAIT).until(() -> sts().getSpec().getReplicas() == 0);

    client.resources(Notebook.class).inNamespace(namespace).withName("my-notebook").delete();
    await().atMost(WAIT).until(() -> sts() == null && service() == null);
  }

  private Notebook notebook() {
    return client.resources(Notebook.class).inNamespace(namespace).withName("my-notebook").get();
  }

  private StatefulSet sts() {
    return client.apps().statefulSets().inNamespace(namespace).withName("my-notebook").get();
  }

  private Service service() {
    return client.services().inNamespace(namespace).withName("my-notebook").get();
  }
}
