package dev.skiff.kubernetes.operator.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.kubernetes.resource.Notebook;
import dev.skiff.kubernetes.resource.NotebookCondition;
import dev.skiff.kubernetes.testing.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Notebook reconciler in a JOSDK operator against fabric8's CRUD mock. */
@EnableKubernetesMockClient(crud = true)
class NotebookReconcilerIT {
  private static final String NS = "kubeflow-user-example-com";
  private static final Duration WAIT = Duration.ofSeconds(20);

  KubernetesClient client;
  KubernetesMockServer server;
  private NotebookOperatorFixture cluster;

  @BeforeEach
  void start() {
    cluster = new NotebookOperatorFixture(client);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aReconcileInterruptedByAStoppingOperatorWritesNoFailedStatus() {
    var reconciler =
        new NotebookReconciler(dev.skiff.kubernetes.apply.Applier.createOrReplace(client));
    Notebook n = NotebookSamples.cpu();
    var interrupted =
        new io.fabric8.kubernetes.client.KubernetesClientException(
            "An error has occurred.", new InterruptedException());
    assertThat(reconciler.updateErrorStatus(n, null, interrupted).getResource()).isEmpty();
    assertThat(n.getStatus()).isNull();

    var refused = new io.fabric8.kubernetes.client.KubernetesClientException("quota exceeded");
    assertThat(reconciler.updateErrorStatus(n, null, refused).getResource()).isPresent();
    assertThat(n.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo(NotebookReconciler.FAILED);
              assertThat(c.getMessage()).isEqualTo("quota exceeded");
            });
  }

  private StatefulSet sts(String name) {
    return client.apps().statefulSets().inNamespace(NS).withName(name).get();
  }

  private Service service(String name) {
    return client.services().inNamespace(NS).withName(name).get();
  }

  private Notebook notebook(String name) {
    return client.resources(Notebook.class).inNamespace(NS).withName(name).get();
  }

  @Test
  void kubeflowsManifestBecomesAStatefulSetAndAServiceAndReportsReady() {
    String yaml = NotebookSamples.text("kubeflow-notebook.yaml");
    // applied unchanged, as kubectl would: the manifest's text, no Skiff model in between
    client
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
        .inNamespace(NS)
        .create();

    // the reconciler writes the StatefulSet, then the Service
    await().atMost(WAIT).until(() -> sts("my-notebook") != null && service("my-notebook") != null);
    StatefulSet sts = sts("my-notebook");
    Service svc = service("my-notebook");
    Notebook nb = notebook("my-notebook");
    for (var owned : List.of(sts.getMetadata(), svc.getMetadata())) {
      assertThat(owned.getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(nb.getMetadata().getUid()));
    }
    assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
    KubernetesSchemas schemas = KubernetesSchemas.load();
    schemas.assertValid(sts);
    schemas.assertValid(svc);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Notebook n = notebook("my-notebook");
              assertThat(n.getStatus()).isNotNull();
              assertThat(n.getStatus().getReadyReplicas()).isEqualTo(1);
              assertThat(n.getStatus().getConditions())
                  .extracting(NotebookCondition::getType, NotebookCondition::getStatus)
                  .contains(org.assertj.core.groups.Tuple.tuple("Ready", "True"));
              assertThat(n.getStatus().getContainerState().getRunning()).isNotNull();
            });
    KubernetesSchemas.assertValid(NotebookCrd.definition(), notebook("my-notebook"));
  }

  @Test
  void theStopAnnotationScalesToZeroAndItsRemovalBack() {
    client.resource(NotebookSamples.cpu()).create();
    await().atMost(WAIT).until(() -> ready("my-notebook") == 1);

    client
        .resources(Notebook.class)
        .inNamespace(NS)
        .withName("my-notebook")
        .edit(
            n -> {
              n.getMetadata()
                  .getAnnotations()
                  .put(Notebook.STOPPED_ANNOTATION, "2026-12-05T12:00:00Z");
              return n;
            });
    await().atMost(WAIT).until(() -> sts("my-notebook").getSpec().getReplicas() == 0);
    await().atMost(WAIT).until(() -> ready("my-notebook") == 0);
    // the pod goes on the simulated controller's own thread, which the status need not wait for
    await()
        .atMost(WAIT)
        .until(() -> client.pods().inNamespace(NS).withName("my-notebook-0").get() == null);

    client
        .resources(Notebook.class)
        .inNamespace(NS)
        .withName("my-notebook")
        .edit(
            n -> {
              n.getMetadata().getAnnotations().remove(Notebook.STOPPED_ANNOTATION);
              return n;
            });
    await().atMost(WAIT).until(() -> sts("my-notebook").getSpec().getReplicas() == 1);
    await().atMost(WAIT).until(() -> ready("my-notebook") == 1);
  }

  @Test
  void aCrashedServerShowsInTheStatus() {
    client.resource(NotebookSamples.cpu()).create();
    await().atMost(WAIT).until(() -> ready("my-notebook") == 1);

    cluster.pods().crash(NS, "my-notebook", 1, "Error");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Notebook n = notebook("my-notebook");
              assertThat(n.getStatus().getReadyReplicas()).isZero();
              assertThat(n.getStatus().getContainerState().getTerminated().getExitCode())
                  .isEqualTo(1);
            });
  }

  @Test
  void aNotebookWithoutContainersGetsAConditionAndNothingIsCreated() {
    Notebook nb = NotebookSamples.cpu();
    nb.getSpec().getTemplate().getSpec().setContainers(List.of());
    client.resource(nb).create();

    assertInvalid("my-notebook", "spec.template.spec.containers:");
  }

  @Test
  void aBadQuantityGetsAConditionNamingTheFieldAndNothingIsCreated() {
    Notebook nb = NotebookSamples.gpu();
    nb.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getResources()
        .getLimits()
        .put("nvidia.com/gpu", new Quantity("one"));
    client.resource(nb).create();

    assertInvalid(
        "gpu-notebook", "spec.template.spec.containers[0].resources.limits.nvidia.com/gpu");
  }

  @Test
  void aGpuNotebookRendersTheGpuLimitNodeSelectorAndToleration() {
    client.resource(NotebookSamples.gpu()).create();
    await().atMost(WAIT).until(() -> sts("gpu-notebook") != null);
    var pod = sts("gpu-notebook").getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().getFirst().getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(pod.getNodeSelector())
        .containsEntry("cloud.google.com/gke-accelerator", "nvidia-tesla-t4");
    assertThat(pod.getTolerations()).anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
    KubernetesSchemas.load().assertValid(sts("gpu-notebook"));
  }

  private void assertInvalid(String name, String field) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              Notebook n = notebook(name);
              assertThat(n.getStatus()).isNotNull();
              assertThat(n.getStatus().getConditions())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getType()).isEqualTo("InvalidSpec");
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getMessage()).startsWith(field);
                      });
            });
    assertThat(sts(name)).isNull();
    assertThat(client.services().inNamespace(NS).withName(name).get()).isNull();
  }

  private int ready(String name) {
    Notebook n = notebook(name);
    return n == null || n.getStatus() == null || n.getStatus().getReadyReplicas() == null
        ? -1
        : n.getStatus().getReadyReplicas();
  }
}
